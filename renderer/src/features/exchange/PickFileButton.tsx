import { App, Button, Upload } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  label: string;
  icon?: ReactNode;
  accept?: string;
  loading?: boolean;
  type?: 'primary' | 'default';
  onText: (text: string, file: File) => void;
}

/** A button that opens the file dialog and hands over the chosen file's text; nothing is uploaded. */
export function PickFileButton({ label, icon, accept = '.json,application/json', loading, type, onText }: Props) {
  const { message } = App.useApp();
  return (
    <Upload
      accept={accept}
      multiple={false}
      showUploadList={false}
      disabled={loading}
      beforeUpload={(file) => {
        file
          .text()
          .then((text) => onText(text, file))
          .catch(() => void message.error('文件读取失败，请重新选择'));
        return Upload.LIST_IGNORE;
      }}
    >
      <Button icon={icon} loading={loading} type={type}>
        {label}
      </Button>
    </Upload>
  );
}

/** 申报包-20261129.json */
export function datedName(prefix: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}.json`;
}
