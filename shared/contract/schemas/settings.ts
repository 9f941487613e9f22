import { z } from 'zod';

export interface Settings {
  jurisdictionCode: string;
  jurisdictionName: string;
  bureauName: string;
  idleLockMinutes: number;
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
  })
  .strict();

export interface Township {
  code: string;
  name: string;
}
