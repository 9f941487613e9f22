import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Checkbox, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';

interface Props {
  label?: string;
  /** Admins and clerks may export full ID numbers; others always get them masked. */
  allowFullId: boolean;
  loading: boolean;
  /** What will be exported, e.g. the filters in force. */
  scope?: ReactNode;
  onExport: (fullId: boolean) => void;
}

/**
 * 导出 Excel. Where full ID numbers may be exported the button asks first, with the box
 * unticked; otherwise it exports at once with masked numbers.
 */
export function ExportButton({ label = '导出 Excel', allowFullId, loading, scope, onExport }: Props) {
  const [asking, setAsking] = useState(false);
  const [fullId, setFullId] = useState(false);
  const start = () => {
    if (!allowFullId) return onExport(false);
    setFullId(false);
    setAsking(true);
  };
  return (
    <>
      <Button icon={<FileExcelOutlined />} loading={loading} onClick={start}>
        {label}
      </Button>
      <Modal
        open={asking}
        title={label}
        okText="导出"
        onCancel={() => setAsking(false)}
        onOk={() => {
          setAsking(false);
          onExport(fullId);
        }}
        okButtonProps={{ autoFocus: true }}
        destroyOnHidden
      >
        {scope && <Typography.Paragraph>{scope}</Typography.Paragraph>}
        <Checkbox checked={fullId} onChange={(e) => setFullId(e.target.checked)}>
          导出完整身份证号（将记录审计）
        </Checkbox>
        <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
          不勾选时身份证号只保留前 6 位和后 4 位。
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
