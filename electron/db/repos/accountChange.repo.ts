import type { Role } from '../../../shared/contract/roles';
import type { AccountChange, AccountChangeKind } from '../../../shared/contract/schemas/accounts';
import type { Db } from '../connection';
import { prep } from '../prepared';

const SELECT = `
  SELECT c.id, c.user_id AS userId, u.username, u.display_name AS displayName, c.kind, c.role, c.at,
         c.made_by AS madeById, coalesce(m.display_name, c.made_by_name) AS madeBy,
         c.confirmed_by AS confirmedById, k.display_name AS confirmedBy, c.confirmed_at AS confirmedAt
  FROM account_change c
  JOIN app_user u ON u.id = c.user_id
  LEFT JOIN app_user m ON m.id = c.made_by
  LEFT JOIN app_user k ON k.id = c.confirmed_by`;

export function insertAccountChange(
  db: Db,
  c: { userId: number; kind: AccountChangeKind; role: Role; at: string; madeBy: number | null; madeByName: string },
): number {
  return Number(
    prep(
      db,
      `INSERT INTO account_change (user_id, kind, role, at, made_by, made_by_name)
       VALUES (@userId, @kind, @role, @at, @madeBy, @madeByName)`,
    ).run(c).lastInsertRowid,
  );
}

export function getAccountChange(db: Db, id: number): AccountChange | undefined {
  return prep(db, `${SELECT} WHERE c.id = ?`).get(id) as AccountChange | undefined;
}

export function listAccountChanges(db: Db, f: { pendingOnly: boolean; userId?: number | undefined }): AccountChange[] {
  return prep(
    db,
    `${SELECT} WHERE (@pending = 0 OR c.confirmed_by IS NULL) AND (@userId IS NULL OR c.user_id = @userId)
     ORDER BY c.id DESC LIMIT 500`,
  ).all({ pending: f.pendingOnly ? 1 : 0, userId: f.userId ?? null }) as AccountChange[];
}

/** The changes of an account that no second admin has confirmed: their makers may hold it too. */
export function pendingChangesOf(db: Db, userId: number): AccountChange[] {
  return prep(db, `${SELECT} WHERE c.user_id = ? AND c.confirmed_by IS NULL ORDER BY c.id`).all(
    userId,
  ) as AccountChange[];
}

export function confirmAccountChange(db: Db, id: number, by: number, at: string): boolean {
  return (
    prep(db, 'UPDATE account_change SET confirmed_by = ?, confirmed_at = ? WHERE id = ? AND confirmed_by IS NULL').run(
      by,
      at,
      id,
    ).changes === 1
  );
}

/** Approvals made while the approver's account had a change no second admin had confirmed yet. */
export function approvalsWhilePending(
  db: Db,
): (AccountChange & { batchNumber: string; reviewedAt: string; batchId: number })[] {
  return prep(
    db,
    `SELECT x.*, b.id AS batchId, b.number AS batchNumber, b.reviewed_at AS reviewedAt
     FROM (${SELECT}) x
     JOIN settlement_batch b ON b.reviewed_by = x.userId
     WHERE b.status IN ('approved', 'paid') AND x.at <= b.reviewed_at
       AND (x.confirmedAt IS NULL OR x.confirmedAt >= b.reviewed_at)
     ORDER BY b.id, x.id`,
  ).all() as (AccountChange & { batchNumber: string; reviewedAt: string; batchId: number })[];
}

/**
 * Confirmations by an admin whose own account the maker of the confirmed change made, unconfirmed
 * at the time: possibly one person confirming their own changes through a second account.
 */
export function confirmationsByMakersAccount(
  db: Db,
): { confirmerId: number; confirmer: string; makerId: number; maker: string; n: number }[] {
  return prep(
    db,
    `SELECT c.confirmed_by AS confirmerId, k.display_name AS confirmer, c.made_by AS makerId,
            m.display_name AS maker, count(*) AS n
     FROM account_change c
     JOIN app_user k ON k.id = c.confirmed_by
     JOIN app_user m ON m.id = c.made_by
     WHERE EXISTS (SELECT 1 FROM account_change x WHERE x.user_id = c.confirmed_by AND x.made_by = c.made_by
                     AND x.at <= c.confirmed_at AND (x.confirmed_at IS NULL OR x.confirmed_at >= c.confirmed_at))
     GROUP BY c.confirmed_by, c.made_by`,
  ).all() as { confirmerId: number; confirmer: string; makerId: number; maker: string; n: number }[];
}
