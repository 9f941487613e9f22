import { Alert, Spin } from 'antd';
import type { EligibilityResult } from '../../../../shared/contract/schemas/voucher';
import { errorText } from '../../app/feedback';
import { formatAmount } from '../../app/format';

interface Props {
  complete: boolean;
  pending: boolean;
  result: EligibilityResult | undefined;
  error: unknown;
}

export function EligibilityAlert({ complete, pending, result, error }: Props) {
  if (!complete) return <Alert type="info" showIcon title="选择培训计划、职业（工种）、技能等级后自动核对发券条件" />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (pending || !result) return <Spin size="small" />;
  if (result.eligible) {
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        title={`符合发券条件，面额 ${result.amountFen === null ? '—' : formatAmount(result.amountFen)}`}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title="不符合发券条件"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {result.refusals.map((r, i) => (
            <li key={i}>{r.message}</li>
          ))}
        </ul>
      }
    />
  );
}
