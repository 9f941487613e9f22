import { z } from 'zod';
import type { Role } from '../roles';

/**
 * 账号变更: what an admin did to an account that lets someone act through it — created it, enabled
 * it again, gave it a role, or set its password. Until a second admin confirms (确认) it, whoever
 * made the change is counted as able to use the account, and the two-person rule of settlement
 * treats them as such.
 */
export const ACCOUNT_CHANGE_KINDS = ['create', 'enable', 'role', 'password'] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number];
export const ACCOUNT_CHANGE_LABELS: Record<AccountChangeKind, string> = {
  create: '创建账号',
  enable: '启用账号',
  role: '变更角色',
  password: '重置密码',
};

export interface AccountChange {
  id: number;
  userId: number;
  username: string;
  displayName: string;
  kind: AccountChangeKind;
  /** The account's role right after the change. */
  role: Role;
  at: string;
  madeById: number | null;
  /** Display name of who made it (the CLI's `cli:<user>` when it has no account). */
  madeBy: string;
  confirmedById: number | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export const UserChangesInput = z
  .object({ pendingOnly: z.boolean().default(false), userId: z.number().int().positive().optional() })
  .strict();

export const UserConfirmInput = z.object({ id: z.number({ error: '缺少变更记录编号' }).int().positive() }).strict();
