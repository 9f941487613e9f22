import { z } from 'zod';
import type { SkillLevelCode } from '../../catalog/skillLevels';
import { TARGET_GROUPS, codesOf } from '../../catalog/workerOptions';
import { OccupationCodeSchema, SkillLevelSchema } from './catalog';
import { Paging } from './common';

export const VOUCHER_STATUSES = [
  'issued',
  'redeemed',
  'completed',
  'certified',
  'settled',
  'expired',
  'revoked',
] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
export const VOUCHER_STATUS_LABELS: Record<VoucherStatus, string> = {
  issued: '已发放',
  redeemed: '已核销/培训中',
  completed: '已结业',
  certified: '已取证',
  settled: '已结算',
  expired: '已过期',
  revoked: '已作废',
};

export const VoucherTerms = z.object({
  planId: z.number({ error: '请选择培训计划' }).int().positive(),
  occupationCode: OccupationCodeSchema,
  level: SkillLevelSchema,
  institutionId: z.number().int().positive().nullable().default(null),
  fundSource: z.string({ error: '请选择资金来源' }).min(1, '请选择资金来源'),
  validityDays: z.number().int().min(1, '有效期至少 1 天').max(366, '有效期最长 366 天').optional(),
});

export const VoucherCheckInput = VoucherTerms.extend({ workerId: z.number().int().positive() }).strict();
export const VoucherIssueInput = VoucherCheckInput;

export const BatchSelection = z.union([
  z
    .object({ workerIds: z.array(z.number().int().positive()).min(1, '请选择劳动者').max(20000, '一批最多 20000 人') })
    .strict(),
  z
    .object({
      filter: z
        .object({
          townshipCode: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
          targetGroup: z.enum(codesOf(TARGET_GROUPS)).optional(),
        })
        .strict(),
    })
    .strict(),
]);

export const BatchInput = VoucherTerms.extend({ selection: BatchSelection }).strict();

export const VoucherListInput = z
  .object({
    q: z.string().trim().max(40).default(''),
    status: z.enum(VOUCHER_STATUSES).optional(),
    planId: z.number().int().positive().optional(),
    workerId: z.number().int().positive().optional(),
    batchId: z.number().int().positive().optional(),
    ...Paging,
  })
  .strict();

export const VoucherRevokeInput = z
  .object({ id: z.number().int().positive(), reason: z.string().trim().min(2, '请填写作废原因').max(200) })
  .strict();

export const VoucherVerifyInput = z
  .object({ text: z.string().max(4000, '扫描内容过长'), idNumber: z.string().max(40).optional() })
  .strict();

export const VoucherPdfInput = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(20000).optional(),
    batchId: z.number().int().positive().optional(),
    layout: z.enum(['a4', 'two']).default('a4'),
  })
  .strict()
  .refine((v) => (v.ids ? 1 : 0) + (v.batchId ? 1 : 0) === 1, '请指定要打印的券');

export const SignListInput = z.object({ batchId: z.number().int().positive() }).strict();

export interface RuleRefusal {
  rule: string;
  ruleName: string;
  message: string;
}

export interface EligibilityResult {
  eligible: boolean;
  refusals: RuleRefusal[];
  amountFen: number | null;
}

export interface VoucherListItem {
  id: number;
  serial: string;
  workerId: number;
  workerName: string;
  idNumberMasked: string;
  planName: string;
  occupationName: string;
  level: SkillLevelCode;
  amountFen: number;
  issueDate: string;
  expiryDate: string;
  status: VoucherStatus;
  institutionName: string | null;
}

export interface VoucherEvent {
  at: string;
  fromStatus: VoucherStatus | null;
  toStatus: VoucherStatus;
  username: string | null;
  /** The account's name, shown in timelines instead of the login name. */
  displayName: string | null;
  note: string | null;
}

/** 暂扣: five wrong holder ID numbers within a day; a reviewer releases it. */
export interface VoucherHold {
  heldAt: string;
  failures: number;
}

export interface VoucherDetail extends VoucherListItem {
  /** 备用码 and the QR text redeem the voucher: only the roles that issue and print vouchers get them. */
  fallbackCode: string | null;
  planId: number;
  institutionId: number | null;
  planCode: string;
  occupationCode: string;
  fundSource: string;
  fundSourceName: string;
  institutionCode: string | null;
  qrText: string | null;
  hold: VoucherHold | null;
  kid: string;
  revokeReason: string | null;
  replacesSerial: string | null;
  replacedBySerial: string | null;
  replacesId: number | null;
  replacedById: number | null;
  events: VoucherEvent[];
}

/** What the clerk who issued a voucher gets back: always with its redemption secrets. */
export interface IssuedVoucher extends VoucherDetail {
  fallbackCode: string;
  qrText: string;
}

export const VoucherReleaseInput = z
  .object({
    serial: z.string().trim().min(1, '请输入券号').max(40),
    reason: z.string().trim().min(2, '请填写解除暂扣的原因').max(200, '原因最长 200 字'),
  })
  .strict();

export interface VoucherReleaseResult {
  serial: string;
  releasedAt: string;
}

export interface BatchPreview {
  total: number;
  eligibleCount: number;
  refusedCount: number;
  amountFen: number;
  eligible: { workerId: number; name: string; idNumberMasked: string; amountFen: number }[];
  refused: { workerId: number; name: string; idNumberMasked: string; refusals: RuleRefusal[] }[];
}

export type VerifyReason =
  | 'valid'
  | 'not_ours'
  | 'malformed'
  | 'bad_signature'
  | 'unknown_key'
  | 'expired'
  | 'revoked'
  | 'already_used'
  | 'holder_mismatch'
  | 'holder_unverifiable'
  | 'held'
  | 'serial_only'
  | 'unknown_voucher'
  | 'holder_required'
  | 'other_institution'
  | 'not_approved'
  | 'institution_suspended'
  | 'rules'
  | 'unknown_extract'
  | 'altered';

export interface ExtractSummary {
  number: string;
  holderName: string;
  idLast4: string;
  generatedOn: string;
  trainings: number;
  certificates: number;
  subsidies: number;
  honours: number;
}

export interface VerifyResult {
  valid: boolean;
  extract?: ExtractSummary | null;
  kind: 'voucher' | 'extract' | 'unknown';
  reason: VerifyReason;
  message: string;
  serial: string | null;
  /** For the bureau's staff, who may open it: the voucher's record (a used one is information, not an error). */
  voucherId?: number | null;
  voucher: {
    holderName: string;
    idLast4: string;
    planId: number;
    planName: string | null;
    occupationCode: string;
    occupationName: string | null;
    level: string;
    amountFen: number;
    issueDate: string;
    expiryDate: string;
    institutionId: number | null;
    institutionName: string | null;
    status: VoucherStatus | null;
  } | null;
}

export const RedeemInput = z
  .object({
    text: z.string().max(4000, '扫描内容过长'),
    idNumber: z.string().max(40).optional(),
    /** For administrators redeeming on an institution's behalf; operators are bound to theirs. */
    institutionCode: z.string().max(32).optional(),
  })
  .strict();

export interface RedeemResult {
  ok: boolean;
  reason: VerifyReason;
  message: string;
  serial: string | null;
  redeemedAt: string | null;
  institutionName: string | null;
  verdict: VerifyResult;
}

export interface Job {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  phase: string;
  result: unknown;
  error: string | null;
}
