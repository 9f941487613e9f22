import { z } from 'zod';
import { Paging } from './common';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** Vouchers are counted by the month they were issued in; both ends are included. */
export const StatsRange = z
  .object({ from: Month.optional(), to: Month.optional() })
  .strict()
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: '开始月份不能晚于结束月份', path: ['to'] });

export const STATS_DIMENSIONS = ['plan', 'township', 'institution', 'occupation', 'group', 'month'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];
export const STATS_DIMENSION_LABELS: Record<StatsDimension, string> = {
  plan: '按计划',
  township: '按乡镇',
  institution: '按培训机构',
  occupation: '按职业（工种）',
  group: '按重点群体',
  month: '按月份',
};

export const StatsBreakdownInput = z
  .object({ dim: z.enum(STATS_DIMENSIONS, { error: '未知的统计维度' }), from: Month.optional(), to: Month.optional() })
  .strict();
export const StatsExportInput = z
  .object({ dim: z.enum(STATS_DIMENSIONS).optional(), from: Month.optional(), to: Month.optional() })
  .strict();

export interface CountyGoal {
  key: 'personTimes' | 'skilled' | 'highSkill';
  label: string;
  target: number;
  actual: number;
  /** actual / target in percent, one decimal. */
  pct: number;
}

export interface PlanProgress {
  planId: number;
  plan: string;
  leadUnit: string;
  target: number | null;
  trained: number;
  certified: number;
  /** Certificates of one occupation the plan must produce (e.g. 养老护理员 within 康养云师傅计划). */
  subtargets: { occupationCode: string; occupationName: string; target: number; certified: number }[];
}

export interface StatsOverview {
  county: CountyGoal[];
  plans: PlanProgress[];
  /** Hand-entered trainings from before the system, counted in personTimes. */
  historicalTrainings: number;
}

export interface BreakdownRow {
  key: string;
  label: string;
  issued: number;
  /** Ever redeemed: redeemed, completed, certified or settled now. */
  redeemed: number;
  expired: number;
  revoked: number;
  settled: number;
  /** redeemed / issued, percent with one decimal; null when nothing was issued. */
  redemptionRate: number | null;
  avgDaysToRedeem: number | null;
  committedFen: number;
  paidFen: number;
}

export const ANOMALY_KINDS = [
  'class_overlap',
  'attendance_outside',
  'redemption_spike',
  'age_or_status',
  'certificate_reuse',
  'far_redemption',
  'holder_guessing',
  'account_change',
  'attendance_makeup',
  'late_claim',
  'copied_claim',
  'contested_redemption',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
export const ANOMALY_KIND_LABELS: Record<AnomalyKind, string> = {
  class_overlap: '同一人参加时间重叠的培训班',
  attendance_outside: '考勤日期不在培训班日期内',
  redemption_spike: '培训机构核销量突增',
  age_or_status: '补贴对象超龄或为在校生/退休人员',
  certificate_reuse: '证书编号重复使用',
  far_redemption: '异地核销（距户籍乡镇过远）',
  holder_guessing: '持券人身份证号多次输错',
  account_change: '账号变更未经另一位管理员确认',
  attendance_makeup: '补签或更正补记了较多学时',
  late_claim: '离线记录迟报（距导入超过一个月）',
  copied_claim: '两家机构的申报使用相同编号',
  contested_redemption: '同一张券被两家机构申报核销',
};

export const AnomalyListInput = z
  .object({
    kind: z.enum(ANOMALY_KINDS).optional(),
    workerId: z.number().int().positive().optional(),
    serial: z.string().max(40).optional(),
    institutionId: z.number().int().positive().optional(),
    /** The flags a reviewer should weigh on a settlement batch: its vouchers' and its institution's. */
    settlementId: z.number().int().positive().optional(),
    ...Paging,
  })
  .strict();

export interface Anomaly {
  id: number;
  kind: AnomalyKind;
  reason: string;
  workerId: number | null;
  workerName: string | null;
  serial: string | null;
  institutionId: number | null;
  institutionName: string | null;
  detectedAt: string;
}

export interface AnomalyPage {
  items: Anomaly[];
  total: number;
  page: number;
  pageSize: number;
  byKind: Record<AnomalyKind, number>;
  /** Rules failing since a time: their flags are those of before. */
  failing: { kind: AnomalyKind; since: string }[];
  /** With `settlementId`: which flags the batch holds, to send with its approval (anomaliesDigest). */
  digest?: string;
}

export interface TargetsReportRow {
  plan: string;
  leadUnit: string;
  target: number | null;
  trained: number;
  certified: number;
}
