import { z } from 'zod';
import { SKILL_LEVEL_CODES, type SkillLevelCode } from '../../catalog/skillLevels';
import { TARGET_GROUPS, codesOf } from '../../catalog/workerOptions';
import { IsoDate } from './common';

const Level = z.enum(SKILL_LEVEL_CODES, { error: '请选择技能等级' });
const OccupationCode = z
  .string({ error: '请选择职业（工种）' })
  .regex(/^(\d-\d{2}-\d{2}-\d{2}|S-\d{3})$/, '职业编码格式应为 4-10-01-05');

export interface Plan {
  id: number;
  code: string;
  name: string;
  leadUnit: string;
  target: number | null;
  kind: 'training' | 'talent';
  paysOn: 'completed' | 'certified';
  active: boolean;
  groups: string[];
  subtargets: { occupationCode: string; target: number }[];
}

export const PlanSaveInput = z
  .object({
    id: z.number().int().positive().optional(),
    code: z.string().regex(/^[a-z][a-z_]{1,39}$/, '计划代码为 2–40 位小写字母或下划线'),
    name: z.string().trim().min(1, '请输入计划名称').max(50),
    leadUnit: z.string().trim().min(1, '请输入牵头单位').max(50),
    target: z.number().int().min(0, '目标任务不能为负数').nullable(),
    kind: z.enum(['training', 'talent']),
    paysOn: z.enum(['completed', 'certified']),
    active: z.boolean(),
    groups: z.array(z.enum(codesOf(TARGET_GROUPS))).default([]),
  })
  .strict();

export interface Occupation {
  code: string;
  name: string;
  category: string;
  active: boolean;
}

export const OccupationSaveInput = z
  .object({
    code: OccupationCode,
    name: z.string().trim().min(1, '请输入职业名称').max(40),
    category: z.string().trim().max(20).default(''),
    active: z.boolean().default(true),
  })
  .strict();

export interface SubsidyStandard {
  id: number;
  planId: number | null;
  occupationCode: string | null;
  level: SkillLevelCode;
  amountFen: number;
  validFrom: string;
  validTo: string | null;
}

export const StandardSaveInput = z
  .object({
    id: z.number().int().positive().optional(),
    planId: z.number().int().positive().nullable(),
    occupationCode: OccupationCode.nullable(),
    level: Level,
    amountFen: z.number().int().positive('补贴金额必须大于 0').max(10_000_000, '补贴金额过大'),
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
  })
  .strict()
  .refine((s) => s.validTo === null || s.validTo >= s.validFrom, {
    message: '失效日期不能早于生效日期',
    path: ['validTo'],
  });

export interface Institution {
  id: number;
  code: string;
  name: string;
  address: string;
  nature: 'public' | 'private' | 'enterprise' | 'school';
  contactPerson: string;
  contactPhone: string;
  townshipCode: string | null;
  status: 'active' | 'suspended';
  approvals: { occupationCode: string; level: SkillLevelCode }[];
}

export const InstitutionSaveInput = z
  .object({
    id: z.number().int().positive().optional(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,32}$/, '机构代码为 2–32 位字母、数字或短横线'),
    name: z.string().trim().min(1, '请输入机构名称').max(100),
    address: z.string().trim().max(100).default(''),
    nature: z.enum(['public', 'private', 'enterprise', 'school']),
    contactPerson: z.string().trim().max(30).default(''),
    contactPhone: z.string().trim().max(20).default(''),
    townshipCode: z
      .string()
      .regex(/^\d{9}$/)
      .nullable()
      .default(null),
    status: z.enum(['active', 'suspended']),
    approvals: z
      .array(z.object({ occupationCode: OccupationCode, level: Level }))
      .max(500)
      .default([]),
  })
  .strict();

/**
 * 最低学时: the fewest planned hours a class of the level may have. A class below it cannot be
 * opened, and attendance is measured against at least this many hours.
 */
export interface LevelHours {
  level: SkillLevelCode;
  minHours: number;
}

export const LevelHoursSaveInput = z
  .object({
    level: Level,
    minHours: z
      .number({ error: '请输入最低学时' })
      .int('最低学时应为整数')
      .min(1, '最低学时至少 1 小时')
      .max(2000, '最低学时最多 2000 小时'),
  })
  .strict();

export interface FundSource {
  code: string;
  name: string;
}

export { Level as SkillLevelSchema, OccupationCode as OccupationCodeSchema };
