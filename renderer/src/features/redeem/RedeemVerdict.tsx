import { Card, Typography, theme } from 'antd';
import type { RedeemResult, VerifyResult } from '../../../../shared/contract/schemas/voucher';
import { formatTime } from '../../app/format';
import { VoucherFields } from '../verify/VerdictCard';

/** An ideographic space between the parts of a note. */
const GAP = '\u3000';

export type Outcome =
  | { kind: 'check'; text: string; result: VerifyResult; at: string }
  | { kind: 'confirm'; result: RedeemResult; at: string }
  | { kind: 'error'; message: string; at: string; institution?: boolean };

/**
 * What the operator does after a refusal they can act on (issue 16 §7): a refusal alone left them
 * wondering whether to type again, send the trainee away or call the bureau.
 */
const NEXT_STEP: Partial<Record<string, string>> = {
  holder_mismatch:
    '下一步：请持券人出示本人身份证，核对姓名与券面一致后，重新扫描培训券并输入身份证号。不是本人的券不能核销。',
  holder_unverifiable: '下一步：请核对持券人本人身份证后重新输入；仍不能核验的，请联系人社局。',
  holder_required: '下一步：请输入或扫描持券人身份证号。',
  held: '下一步：此券已暂扣，请持券人携带身份证到人社局，由审核人员核实后解除暂扣，再来核销。',
  expired: '下一步：此券已过期，不能核销；如有疑问请持券人联系人社局。',
  other_institution: '下一步：此券指定在其他机构培训，请持券人到券面所写机构核销。',
  not_approved: '下一步：本机构未获准培训该职业（等级），请联系人社局核对机构资质。',
};

interface Shown {
  ok: boolean;
  headline: string;
  /** The specific reason, for a refusal. */
  reason: string | null;
  note: string;
  verdict: VerifyResult | null;
  code: string;
}

const withNext = (reason: string, when: string) => {
  const next = NEXT_STEP[reason];
  return next ? `${next}${GAP}${when}` : when;
};

function describe(o: Outcome): Shown {
  switch (o.kind) {
    case 'check':
      return {
        ok: o.result.valid,
        headline: o.result.valid ? '✓ 可以核销' : '✗ 不能核销',
        reason: o.result.valid ? null : o.result.message,
        note: o.result.valid
          ? `请输入或扫描持券人身份证号，按 Enter 确认核销${GAP}核验时间 ${o.at}`
          : withNext(o.result.reason, `核验时间 ${o.at}`),
        verdict: o.result,
        code: o.result.valid ? 'valid' : o.result.reason,
      };
    case 'confirm': {
      const v = o.result.verdict;
      return {
        ok: o.result.ok,
        headline: o.result.ok ? '✓ 核销成功' : '✗ 未核销',
        reason: o.result.ok ? null : o.result.message,
        note: o.result.ok
          ? `${o.result.message}${GAP}核销时间 ${formatTime(o.result.redeemedAt)}${GAP}核销机构 ${o.result.institutionName ?? '—'}`
          : // Nothing was redeemed: this is when it was tried, not a 核销时间.
            withNext(o.result.reason, `尝试时间 ${o.at}`),
        // The verdict was taken just before the redemption: show the status it has now.
        verdict: o.result.ok && v.voucher ? { ...v, voucher: { ...v.voucher, status: 'redeemed' } } : v,
        code: o.result.ok ? 'redeemed' : o.result.reason,
      };
    }
    case 'error':
      return { ok: false, headline: '✗ 不能核销', reason: o.message, note: o.at, verdict: null, code: 'error' };
  }
}

/** The verdict in large green or red, readable from across the counter. */
export function RedeemVerdict({ outcome }: { outcome: Outcome }) {
  const { token } = theme.useToken();
  const d = describe(outcome);
  const color = d.ok ? token.colorSuccess : token.colorError;
  return (
    <Card
      role="status"
      aria-live="assertive"
      style={{ borderColor: color, borderWidth: 3, background: d.ok ? token.colorSuccessBg : token.colorErrorBg }}
    >
      <div data-verdict={d.code}>
        <Typography.Title level={1} style={{ margin: 0, color, fontSize: 44, lineHeight: 1.3 }}>
          {d.headline}
        </Typography.Title>
        {d.reason && (
          <Typography.Title level={3} style={{ margin: '4px 0 8px', color }}>
            {d.reason}
          </Typography.Title>
        )}
      </div>
      <Typography.Text style={{ fontSize: 16 }}>{d.note}</Typography.Text>
      {d.verdict?.voucher && <VoucherFields serial={d.verdict.serial} v={d.verdict.voucher} />}
    </Card>
  );
}
