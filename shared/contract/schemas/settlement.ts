import { z } from 'zod';
import { IsoDate, Paging } from './common';

export const SETTLEMENT_STATUSES = ['submitted', 'returned', 'approved', 'paid', 'cancelled'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];
export const SETTLEMENT_STATUS_LABELS: Record<SettlementStatus, string> = {
  submitted: '待复核',
  returned: '已退回',
  approved: '已复核待拨付',
  paid: '已拨付',
  cancelled: '已撤销',
};

/** How a voucher's amount was set: its face value, or the configured share for partial attendance. */
export type SettlementRule = 'full' | 'partial';

const Id = z.number({ error: '缺少记录编号' }).int().positive();
const Reason = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(2, `${label}至少 2 个字`)
    .max(200, `${label}最多 200 字`);

export const SettlementCandidatesInput = z.object({ institutionId: Id }).strict();
export const SettlementCreateInput = z
  .object({
    institutionId: Id,
    voucherIds: z.array(Id).min(1, '请至少选择一张培训券').max(5000, '一个结算批次最多 5000 张券'),
    note: z.string().trim().max(200, '备注最多 200 字').default(''),
  })
  .strict();
export const SettlementListInput = z
  .object({
    status: z.enum(SETTLEMENT_STATUSES).optional(),
    institutionId: Id.optional(),
    ...Paging,
  })
  .strict();
/**
 * 复核通过. `anomaliesSeen`: how many flags the reviewer was shown when asked (本批次涉及 N 条异常提示);
 * more by the time it arrives is refused, so a flag raised meanwhile is seen before money moves.
 * `anomaliesDigest`: which flags they were (anomaly:list's `digest` for the batch); any other set by
 * then is refused, even one of the same size.
 */
export const SettlementApproveInput = z
  .object({
    id: Id,
    anomaliesSeen: z.number({ error: '异常提示条数应为数字' }).int().min(0).optional(),
    anomaliesDigest: z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: '异常提示摘要格式无效' })
      .optional(),
  })
  .strict();
export const SettlementReturnInput = z.object({ id: Id, reason: Reason('退回原因') }).strict();
export const SettlementCancelInput = z.object({ id: Id, reason: Reason('撤销原因') }).strict();
export const SettlementResubmitInput = z
  .object({ id: Id, removeVoucherIds: z.array(Id).max(5000).default([]) })
  .strict();
export const SettlementPayInput = z
  .object({
    id: Id,
    paidOn: IsoDate,
    paymentRef: z
      .string({ error: '请填写拨付凭证号' })
      .trim()
      .min(2, '拨付凭证号至少 2 位')
      .max(40, '拨付凭证号最多 40 位'),
  })
  .strict();
export const RecoveryInput = z
  .object({
    voucherId: Id,
    amountFen: z.number({ error: '请填写追回金额' }).int('金额以分计，应为整数').positive('追回金额应大于 0'),
    reason: Reason('追回原因'),
    recoveredOn: IsoDate,
    reference: z.string().trim().max(40, '凭证号最多 40 位').default(''),
  })
  .strict();

/** A voucher that may be settled to its institution, with the amount the rules give it. */
export interface SettlementCandidate {
  voucherId: number;
  serial: string;
  workerName: string;
  idNumberMasked: string;
  planName: string;
  occupationName: string;
  level: string;
  status: 'completed' | 'certified';
  faceFen: number;
  attendancePct: number | null;
  amountFen: number;
  rule: SettlementRule;
  /** False when the rules give it nothing; `reason` says why. */
  payable: boolean;
  reason: string | null;
}

export interface SettlementItem {
  voucherId: number;
  serial: string;
  workerName: string;
  idNumberMasked: string;
  planName: string;
  occupationName: string;
  level: string;
  fundSourceName: string;
  faceFen: number;
  amountFen: number;
  attendancePct: number | null;
  rule: SettlementRule;
  recoveredFen: number;
  /** What the payment rests on: the certificate, and 补签 / 更正 in the attendance. */
  certificateNumber: string | null;
  adjustments: number;
}

/** How many batches are in each status, and how many wait for the caller (the menu's badge). */
export interface SettlementCounts {
  byStatus: Record<SettlementStatus, number>;
  waiting: number;
}

export interface SettlementEvent {
  at: string;
  username: string | null;
  action: 'submit' | 'return' | 'resubmit' | 'approve' | 'pay' | 'cancel' | 'recover';
  note: string | null;
}

export interface SettlementSummary {
  id: number;
  number: string;
  institutionId: number;
  institutionName: string;
  status: SettlementStatus;
  voucherCount: number;
  totalFen: number;
  recoveredFen: number;
  preparedBy: string;
  preparedAt: string;
  reviewedBy: string | null;
  paidOn: string | null;
  paymentRef: string | null;
}

export interface SettlementDetail extends SettlementSummary {
  preparedById: number;
  reviewedById: number | null;
  reviewedAt: string | null;
  returnReason: string | null;
  note: string;
  /** The total in Chinese uppercase, as finance writes it (壹仟贰佰元整). */
  totalUpper: string;
  items: SettlementItem[];
  events: SettlementEvent[];
}

/** One fund source's money, by stage: every voucher counts in exactly one of the first five. */
export interface LedgerRow {
  fundSource: string;
  fundSourceName: string;
  /** Issued and not yet redeemed, expired or revoked. */
  committedFen: number;
  /** Redeemed, training not yet payable. */
  redeemedFen: number;
  /** Payable (completed where the plan pays on completion, or certified), not yet paid. */
  payableFen: number;
  paidFen: number;
  recoveredFen: number;
  /** Face value released by expiry and revocation. */
  releasedFen: number;
}
