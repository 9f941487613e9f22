import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useFeedback } from '../../app/feedback';
import type { useVerifyAudit } from './api';

export function AuditVerifyButton({ verify }: { verify: ReturnType<typeof useVerifyAudit> }) {
  const feedback = useFeedback();
  return (
    <Button
      icon={<SafetyCertificateOutlined />}
      loading={verify.isPending}
      onClick={() => verify.mutate(undefined, { onError: feedback.error })}
    >
      校验审计链
    </Button>
  );
}

export function AuditVerifyResult({ verify }: { verify: ReturnType<typeof useVerifyAudit> }) {
  const r = verify.data;
  if (!r || verify.isPending) return null;
  if (r.ok) return <Alert type="success" showIcon title={`审计链完整，共 ${r.rows} 条`} style={{ marginBottom: 16 }} />;
  return (
    <Alert
      type="error"
      showIcon
      title={`审计链校验未通过：${r.reason}`}
      description={`首个异常行：第 ${r.firstBadRow} 行（此前 ${r.rows} 条记录完整）`}
      style={{ marginBottom: 16 }}
    />
  );
}
