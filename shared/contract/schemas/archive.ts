import { z } from 'zod';
import { IsoDate } from './common';
import { OccupationCodeSchema, SkillLevelSchema } from './catalog';
import type { VoucherEvent, VoucherListItem } from './voucher';
import type { WorkerView } from './worker';

const WorkerRef = { workerId: z.number().int().positive() };

export const HonourInput = z
  .object({
    ...WorkerRef,
    kind: z.enum(['competition', 'title'], { error: '请选择类别' }),
    name: z.string().trim().min(2, '请输入竞赛或荣誉名称').max(80),
    rank: z.enum(['national', 'provincial', 'municipal', 'county', 'enterprise'], { error: '请选择级别' }),
    award: z.string().trim().min(1, '请输入奖项或称号').max(30),
    year: z.number().int().min(1950).max(2100),
    issuer: z.string().trim().max(60).default(''),
    historical: z.boolean().default(false),
  })
  .strict();

export const EmploymentInput = z
  .object({
    ...WorkerRef,
    kind: z.enum(['employed', 'self_employed', 'business'], { error: '请选择就业形式' }),
    employer: z.string().trim().max(80).default(''),
    startedOn: IsoDate,
    note: z.string().trim().max(200).default(''),
  })
  .strict();

export const HistoricalTrainingInput = z
  .object({
    ...WorkerRef,
    institutionName: z.string().trim().min(2, '请输入培训机构').max(100),
    occupationCode: OccupationCodeSchema,
    level: SkillLevelSchema,
    startDate: IsoDate,
    endDate: IsoDate,
    hours: z.number().int().min(1).max(5000),
    result: z.enum(['passed', 'failed', 'unknown']),
    note: z.string().trim().max(200).default(''),
  })
  .strict()
  .refine((t) => t.endDate >= t.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });

export const HistoricalCertificateInput = z
  .object({
    ...WorkerRef,
    type: z.enum(['skill_level', 'special_ability', 'training', 'entrepreneurship']),
    number: z.string().trim().min(4, '证书编号至少 4 位').max(40),
    occupationCode: OccupationCodeSchema,
    level: SkillLevelSchema,
    issuingBody: z.string().trim().min(2).max(60),
    issuedOn: IsoDate,
  })
  .strict();

export const ExtractInput = z.object({ ...WorkerRef, showFullId: z.boolean().default(false) }).strict();

export const HONOUR_RANKS = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  county: '县级',
  enterprise: '行业/企业',
} as const;
export const EMPLOYMENT_KINDS = { employed: '就业', self_employed: '灵活就业/自主就业', business: '创业' } as const;

export interface ArchiveTraining {
  source: 'system' | 'historical';
  institutionName: string;
  className: string | null;
  occupationName: string;
  level: string;
  startDate: string;
  endDate: string;
  hours: number;
  attendancePct: number | null;
  result: 'passed' | 'failed' | 'unknown' | null;
}

export interface ArchiveCertificate {
  type: string;
  occupationCode: string;
  occupationName: string;
  level: string;
  number: string;
  issuingBody: string;
  issuedOn: string;
  historical: boolean;
}

export interface ArchiveSubsidy {
  serial: string;
  amountFen: number;
  date: string;
  institutionName: string | null;
  fundSourceName: string;
}

export interface Honour {
  id: number;
  kind: 'competition' | 'title';
  name: string;
  rank: keyof typeof HONOUR_RANKS;
  award: string;
  year: number;
  issuer: string;
  historical: boolean;
}

export interface EmploymentRecord {
  id: number;
  kind: keyof typeof EMPLOYMENT_KINDS;
  employer: string;
  startedOn: string;
  note: string;
}

export interface Archive {
  worker: WorkerView;
  vouchers: (VoucherListItem & { events: VoucherEvent[] })[];
  trainings: ArchiveTraining[];
  certificates: ArchiveCertificate[];
  subsidies: ArchiveSubsidy[];
  honours: Honour[];
  employment: EmploymentRecord[];
}
