import { z } from 'zod';

export const Empty = z.object({}).strict();

export const Paging = {
  page: z.number({ error: '页码应为数字' }).int().min(1, '页码从 1 开始').default(1),
  pageSize: z.number({ error: '每页条数应为数字' }).int().min(1).max(200, '每页最多 200 条').default(20),
};

export const IdParam = z.object({ id: z.number({ error: '缺少记录编号' }).int().positive() }).strict();

export const MAX_PASSWORD_LENGTH = 128;

export const Password = z
  .string({ error: '请输入密码' })
  .min(8, '密码至少 8 位')
  .max(MAX_PASSWORD_LENGTH, `密码最多 ${MAX_PASSWORD_LENGTH} 位`)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

export const Username = z
  .string({ error: '请输入用户名' })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或短横线');

/** The days any date of the app may name: a year 0000 or 9999 is a typing slip (or a crafted file). */
export const EARLIEST_DAY = '1900-01-01';
export const LATEST_DAY = '2099-12-31';

/** Whether a YYYY-MM-DD text is a day of the calendar (Date.parse reads 30 February as 1 March). */
export const isCalendarDay = (d: string) => {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
};

export const IsoDate = z
  .string()
  // One message for one mistake: a check that fails stops the ones after it.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine(isCalendarDay, { error: '日期不存在，请核对年月日', abort: true })
  .refine((d) => d >= EARLIEST_DAY && d <= LATEST_DAY, '日期应在 1900 年至 2099 年之间');

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
