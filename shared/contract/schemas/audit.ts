import { z } from 'zod';
import { Paging } from './common';

export const AuditListInput = z
  .object({
    q: z.string().trim().max(100).optional(),
    entity: z.string().max(50).optional(),
    entityId: z.string().max(50).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    ...Paging,
  })
  .strict();

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  channel: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export type AuditVerifyResult =
  { ok: true; rows: number } | { ok: false; rows: number; firstBadRow: number; reason: string };
