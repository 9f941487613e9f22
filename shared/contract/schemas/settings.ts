import { z } from 'zod';

export interface Settings {
  jurisdictionCode: string;
  jurisdictionName: string;
  bureauName: string;
  idleLockMinutes: number;
  voucherValidityDays: number;
  minAttendancePct: number;
  ruleAgeMin: number;
  ruleAgeMaxMale: number;
  ruleAgeMaxFemale: number;
  ruleMaxPerYear: number;
}

export const SettingsUpdateInput = z
  .object({
    jurisdictionCode: z
      .string()
      .regex(/^\d{6}$/, '辖区代码应为 6 位数字')
      .optional(),
    jurisdictionName: z.string().trim().min(1).max(30).optional(),
    bureauName: z.string().trim().min(1).max(50).optional(),
    idleLockMinutes: z.number().int().min(1, '锁屏时间至少 1 分钟').max(240, '锁屏时间最多 240 分钟').optional(),
    voucherValidityDays: z.number().int().min(1, '有效期至少 1 天').max(366, '有效期最长 366 天').optional(),
    minAttendancePct: z.number().int().min(0).max(100, '出勤率最高 100%').optional(),
    ruleAgeMin: z.number().int().min(14).max(30).optional(),
    ruleAgeMaxMale: z.number().int().min(40).max(80).optional(),
    ruleAgeMaxFemale: z.number().int().min(40).max(80).optional(),
    ruleMaxPerYear: z.number().int().min(1).max(12).optional(),
  })
  .strict();

export interface Township {
  code: string;
  name: string;
}
