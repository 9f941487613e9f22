import { z } from 'zod';

export const ImportInput = z
  .object({
    fileName: z.string().min(1).max(200),
    base64: z.string().max(90_000_000, '文件过大（最大 60 MB）'),
    commit: z.boolean().default(false),
  })
  .strict();

export interface ImportResult {
  total: number;
  imported: number;
  rejected: number;
  errors: { row: number; reason: string }[];
  committed: boolean;
  /** An .xlsx of the rejected rows with their reasons, fetched with artifact:get. */
  errorReportId: string | null;
}

export const ExportWorkersInput = z
  .object({
    townshipCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    q: z.string().max(40).optional(),
    fullId: z.boolean().default(false),
  })
  .strict();
export const ExportVouchersInput = z
  .object({
    status: z.string().max(20).optional(),
    planId: z.number().int().positive().optional(),
    fullId: z.boolean().default(false),
  })
  .strict();
export const ExportArchiveInput = z
  .object({ workerId: z.number().int().positive(), fullId: z.boolean().default(false) })
  .strict();
