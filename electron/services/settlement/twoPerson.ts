// The two-person rule (双人复核) has to hold against one admin with several accounts: an admin who
// creates a reviewer account, re-enables one, gives it the role or resets its password knows how to
// act through it. So an approver is a second person only if no unconfirmed account change ties the
// two accounts to one person. A second admin's confirmation (user:confirm) unties them.
// Mirrored in the database by the trigger settlement_independent_reviewer (migration 011).
import type { AccountChange } from '../../../shared/contract/schemas/accounts';
import { ROLE_LABELS } from '../../../shared/contract/roles';
import { AppError } from '../../core/errors';
import { pendingChangesOf } from '../../db/repos/accountChange.repo';
import type { Queryable } from '../../db/driver/types';

function did(c: AccountChange): string {
  const when = c.at.slice(0, 10);
  switch (c.kind) {
    case 'create':
      return `于 ${when} 创建`;
    case 'enable':
      return `于 ${when} 重新启用`;
    case 'role':
      return `于 ${when} 设为${ROLE_LABELS[c.role]}`;
    case 'password':
      return `于 ${when} 重置密码`;
  }
}

/** Why `approverId` may not approve a batch that `preparerId` submitted at `submittedAt`, or null. */
export async function dependence(
  db: Queryable,
  batch: { preparedById: number; preparedBy: string; preparedAt: string },
  approverId: number,
): Promise<string | null> {
  const mine = await pendingChangesOf(db, approverId);
  const theirs = await pendingChangesOf(db, batch.preparedById);
  const byPreparer = mine.find((c) => c.madeById === batch.preparedById);
  if (byPreparer) return `您的账号由制单人“${batch.preparedBy}”${did(byPreparer)}`;
  const byMe = theirs.find((c) => c.madeById === approverId);
  if (byMe) return `制单人“${batch.preparedBy}”的账号由您${did(byMe)}`;
  for (const c of mine) {
    const same = c.madeById === null ? undefined : theirs.find((p) => p.madeById === c.madeById);
    if (same)
      return `您的账号（${did(c)}）和制单人“${batch.preparedBy}”的账号（${did(same)}）都出自管理员“${c.madeBy}”之手，一人即可同时使用两个账号`;
  }
  const late = mine.find((c) => c.at >= batch.preparedAt);
  if (late) return `您的账号在批次提交（${batch.preparedAt.slice(0, 10)}）之后才由“${late.madeBy}”${did(late)}`;
  return null;
}

export async function requireIndependentApprover(
  db: Queryable,
  batch: { preparedById: number; preparedBy: string; preparedAt: string },
  approverId: number,
): Promise<void> {
  const why = await dependence(db, batch, approverId);
  if (why)
    throw new AppError(
      'FORBIDDEN',
      `不能复核此批次：${why}，尚未经另一位系统管理员确认。请由与制单人无关的另一位复核人复核，或请另一位系统管理员在“系统管理 → 用户管理”中确认这项账号变更。`,
    );
}
