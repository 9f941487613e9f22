import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/feedback';
import { JobProgress } from '../../app/JobProgress';
import { useExtractJob } from './api';
import { PdfReady } from '../../app/PdfReady';

/**
 * 打印档案摘要: a signed PDF whose QR the 扫码验券 page checks. The ID number is masked unless the
 * clerk asks for it in full, which the server records in the audit log. Rendered only while open.
 */
export function ExtractModal({ workerId, name, onClose }: { workerId: number; name: string; onClose: () => void }) {
  const [fullId, setFullId] = useState(false);
  const extract = useExtractJob();
  const status = extract.error ? (
    <Alert type="error" showIcon title={errorText(extract.error)} />
  ) : extract.file ? (
    <PdfReady file={extract.file} label={`档案摘要已生成，编号 ${extract.file.number}`} />
  ) : extract.job ? (
    <JobProgress job={extract.job} />
  ) : extract.active ? (
    <Space>
      <Spin size="small" />
      <Typography.Text type="secondary">正在准备档案摘要…</Typography.Text>
    </Space>
  ) : null;

  return (
    <Modal
      open
      title={`打印档案摘要：${name}`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{extract.active ? '关闭' : '取消'}</Button>
          {!extract.file && (
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              autoFocus
              loading={extract.busy}
              onClick={() => extract.start({ workerId, showFullId: fullId })}
            >
              生成档案摘要
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph>
        档案摘要列出培训记录、证书、补贴和竞赛荣誉，带签名二维码，可在“扫码验券”页面核验真伪。每次生成都有新的摘要编号。
      </Typography.Paragraph>
      <Checkbox
        checked={fullId}
        disabled={extract.busy || extract.file !== null}
        onChange={(e) => setFullId(e.target.checked)}
      >
        显示完整身份证号（将记录审计）
      </Checkbox>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        不勾选时身份证号只显示前 6 位和后 4 位。
      </Typography.Paragraph>
      {status && <div style={{ marginTop: 16 }}>{status}</div>}
    </Modal>
  );
}
