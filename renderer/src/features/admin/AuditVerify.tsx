import { FileProtectOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PdfReady } from '../../app/PdfReady';
import { PickFileButton } from '../exchange/PickFileButton';
import type { useAuditDigest, useVerifyAudit } from './api';

type Verify = ReturnType<typeof useVerifyAudit>;

/**
 * 校验审计链 walks the whole chain here; 用见证文件核对 also checks it against a signed head kept
 * elsewhere (a backup's .witness.json, one received by an institution); 打印审计摘要 signs the head now
 * and prints it, so that a copy leaves the machine.
 */
export function AuditVerifyButtons({ verify, digest }: { verify: Verify; digest: ReturnType<typeof useAuditDigest> }) {
  const feedback = useFeedback();
  return (
    <Space wrap>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={verify.isPending}
        onClick={() => verify.mutate(undefined, { onError: feedback.error })}
      >
        校验审计链
      </Button>
      <PickFileButton
        label="用见证文件核对"
        icon={<FileProtectOutlined />}
        loading={verify.isPending}
        onText={(text) => verify.mutate(text, { onError: feedback.error })}
      />
      <Button
        icon={<PrinterOutlined />}
        loading={digest.isPending}
        onClick={() => digest.mutate(undefined, { onError: feedback.error })}
      >
        打印审计摘要
      </Button>
    </Space>
  );
}

export function AuditDigestReady({ digest }: { digest: ReturnType<typeof useAuditDigest> }) {
  if (!digest.data) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <PdfReady file={digest.data} label="审计摘要已生成：请打印、签字后存放在本机以外" />
    </div>
  );
}

export function AuditVerifyResult({ verify }: { verify: Verify }) {
  const r = verify.data;
  if (!r || verify.isPending) return null;
  const covered = [
    r.keyedFrom === null ? null : r.keyChecked ? `第 ${r.keyedFrom} 行起逐行以密钥校验` : null,
    r.witnesses > 0 ? `库内 ${r.witnesses} 份见证相符` : null,
    r.witness ? `与见证文件相符（见证记有第 ${r.witness.row} 行，${r.witness.at} 签署）` : null,
  ].filter(Boolean);
  const limits = r.limits.length > 0 && (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {r.limits.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
  if (r.ok)
    return (
      <Alert
        type={r.limits.length ? 'warning' : 'success'}
        showIcon
        title={`审计链完整，共 ${r.rows} 条${covered.length ? `；${covered.join('；')}` : ''}`}
        description={limits || undefined}
        style={{ marginBottom: 16 }}
      />
    );
  return (
    <Alert
      type="error"
      showIcon
      title={`审计链校验未通过：${r.reason}`}
      description={
        <>
          首个异常行：第 {r.firstBadRow} 行（此前 {r.rows} 条记录完整）
          {limits}
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
