import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import type { PdfFile } from './api';

/** The generated 拨付明细 PDF: open it in a new window, or download it where windows are blocked. */
export function PdfLinks({ file }: { file: PdfFile }) {
  const { message } = App.useApp();
  const open = () => {
    if (!window.open(file.url, '_blank')) void message.warning('新窗口被阻止，请使用右侧的下载链接');
  };
  return (
    <Space wrap>
      <Typography.Text type="success">拨付明细 PDF 已生成</Typography.Text>
      <Button type="primary" icon={<FilePdfOutlined />} onClick={open} autoFocus>
        打开 PDF
      </Button>
      <a href={file.url} download={file.name}>
        <DownloadOutlined /> 下载 {file.name}
      </a>
    </Space>
  );
}
