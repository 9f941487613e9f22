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

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
