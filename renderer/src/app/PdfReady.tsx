import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useArrivalFocus } from './usePageFocus';

/** A generated PDF held by the page: an object URL for the browser, the bytes for the desktop app. */
export interface ReadyPdf {
  url: string;
  name: string;
  base64: string;
}

const PDF = 'application/pdf';

/**
 * What a user does with a PDF just made (vouchers, an archive extract, a payment list, a report).
 * In the desktop app: print through the system dialog, open in the system viewer, or save through the
 * save dialog; in the browser: open in a new tab or download.
 */
export function PdfReady({ file, label, size }: { file: ReadyPdf; label: ReactNode; size?: 'small' }) {
  const { message } = App.useApp();
  const desktop = window.desktop;
  // Made in the background: not autoFocus, which would pull the caret out of a dialog opened meanwhile.
  const first = useRef<HTMLButtonElement>(null);
  useArrivalFocus(first);
  const failed = (r: { ok: boolean; error?: { message: string } }) => {
    if (!r.ok) void message.error(r.error?.message ?? '操作失败');
  };
  if (desktop)
    return (
      <Space wrap>
        <Typography.Text type="success">{label}</Typography.Text>
        <Button
          size={size}
          type="primary"
          icon={<PrinterOutlined />}
          ref={first}
          onClick={() => void desktop.print({ base64: file.base64 }).then(failed)}
        >
          打印
        </Button>
        <Button
          size={size}
          icon={<FilePdfOutlined />}
          onClick={() => void desktop.openFile({ name: file.name, base64: file.base64 }).then(failed)}
        >
          打开 PDF
        </Button>
        <Button
          size={size}
          icon={<SaveOutlined />}
          onClick={() => void desktop.saveFile({ name: file.name, mime: PDF, base64: file.base64 }).then(failed)}
        >
          另存为…
        </Button>
      </Space>
    );
  const open = () => {
    if (!window.open(file.url, '_blank')) void message.warning('新窗口被阻止，请使用右侧的下载链接');
  };
  return (
    <Space wrap>
      <Typography.Text type="success">{label}</Typography.Text>
      <Button size={size} type="primary" icon={<FilePdfOutlined />} onClick={open} ref={first}>
        打开 PDF
      </Button>
      <a href={file.url} download={file.name}>
        <DownloadOutlined /> 下载 {file.name}
      </a>
    </Space>
  );
}
