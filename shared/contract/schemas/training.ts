import { z } from 'zod';
import { IsoDate } from './common';
import { OccupationCodeSchema, SkillLevelSchema } from './catalog';

export const Serial = z.string().regex(/^\d{6}-\d{4}-\d{6}-[\dX]$/, '券号格式不正确');
/**
 * A class's or a session's number: a UUID, as this app and the institutions' installs make them. One
 * imported from an institution's claim package is kept at the bureau under the institution's id
 * (`12:<uuid>`, electron/services/exchange/claims.ids.ts), and is the institution's to open online too.
 */
export const recordNumber = (message: string) =>
  z.string().regex(/^(?:\d{1,10}:){0,3}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);
export const Uid = recordNumber('班级编号不正确');

export const ClassCreateInput = z
  .object({
    name: z.string().trim().min(1, '请输入班级名称').max(60),
    occupationCode: OccupationCodeSchema,
    level: SkillLevelSchema,
    startDate: IsoDate,
    endDate: IsoDate,
    plannedHours: z.number({ error: '请输入计划学时' }).int().min(1, '计划学时至少 1 小时').max(2000),
    teachers: z.string().trim().max(200).default(''),
  })
  .strict()
  .refine((c) => c.endDate >= c.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });

export const ClassUidInput = z.object({ uid: Uid }).strict();
export const ClassAddMembersInput = z
  .object({ uid: Uid, serials: z.array(Serial).min(1, '请选择学员').max(500) })
  .strict();

export const AttendanceSignInput = z
  .object({ classUid: Uid, serial: Serial, action: z.enum(['in', 'out']), sessionDate: IsoDate.optional() })
  .strict();

export const CompletionInput = z
  .object({ serial: Serial, result: z.enum(['passed', 'failed'], { error: '请选择考核结果' }), assessedOn: IsoDate })
  .strict();

export const CERTIFICATE_TYPES = [
  { code: 'skill_level', label: '职业技能等级证书' },
  { code: 'special_ability', label: '专项职业能力证书' },
  { code: 'training', label: '培训合格证书' },
  { code: 'entrepreneurship', label: '创业培训合格证书' },
] as const;

export const CertificateInput = z
  .object({
    serial: Serial,
    type: z.enum(['skill_level', 'special_ability', 'training', 'entrepreneurship'], { error: '请选择证书类型' }),
    number: z.string().trim().min(4, '证书编号至少 4 位').max(40),
    occupationCode: OccupationCodeSchema,
    level: SkillLevelSchema,
    issuingBody: z.string().trim().min(2, '请输入发证机构').max(60),
    issuedOn: IsoDate,
  })
  .strict();

export interface ClassSummary {
  uid: string;
  name: string;
  occupationCode: string;
  level: string;
  startDate: string;
  endDate: string;
  plannedHours: number;
  teachers: string;
  members: number;
}

export interface RosterEntry {
  serial: string;
  /** The full name where the install knows it (the bureau's records); else the QR's masked name. */
  holderName: string;
  idLast4: string;
  minutes: number;
  attendancePct: number;
  openSession: string | null;
  /** Today's session: not yet signed in, signed in, or signed in and out. */
  today: 'none' | 'in' | 'out' | 'voided';
  /** 补签 and 更正 recorded for this trainee in this class. */
  makeups: number;
  corrections: number;
  completion: 'passed' | 'failed' | null;
  certificateNumber: string | null;
}

export interface ClassDetail extends ClassSummary {
  roster: RosterEntry[];
  minAttendancePct: number;
}

export interface Candidate {
  serial: string;
  holderName: string;
  idLast4: string;
  redeemedAt: string;
  occupationCode: string;
  level: string;
  /** Why this voucher cannot join the class (another occupation or level), or null. */
  mismatch: string | null;
}
