import type { Role } from '../../../shared/contract/roles';
import type { AccountChange, AccountChangeKind } from '../../../shared/contract/schemas/accounts';
import type { Queryable, WriteTx } from '../driver/types';
import { sql, type Sql } from '../sql';

const SELECT = sql`
  SELECT c.id, c.user_id AS "userId", u.username, u.display_name AS "displayName", c.kind, c.role, c.at,
         c.made_by AS "madeById", coalesce(m.display_name, c.made_by_name) AS "madeBy",
         c.confirmed_by AS "confirmedById", k.display_name AS "confirmedBy", c.confirmed_at AS "confirmedAt"
  FROM account_change c
  JOIN app_user u ON u.id = c.user_id
  LEFT JOIN app_user m ON m.id = c.made_by
  LEFT JOIN app_user k ON k.id = c.confirmed_by`;

export async function insertAccountChange(
  db: WriteTx,
  c: { userId: number; kind: AccountChangeKind; role: Role; at: string; madeBy: number | null; madeByName: string },
): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO account_change (user_id, kind, role, at, made_by, made_by_name)
       VALUES (${c.userId}, ${c.kind}, ${c.role}, ${c.at}, ${c.madeBy}, ${c.madeByName}) RETURNING id`),
    ),
  );
}

export async function getAccountChange(db: Queryable, id: number): Promise<AccountChange | undefined> {
  return (await db.get(sql`${SELECT} WHERE c.id = ${id}`)) as AccountChange | undefined;
}

export async function listAccountChanges(
  db: Queryable,
  f: { pendingOnly: boolean; userId?: number | undefined },
): Promise<AccountChange[]> {
  const conds: Sql[] = [];
  if (f.pendingOnly) conds.push(sql`c.confirmed_by IS NULL`);
  if (f.userId) conds.push(sql`c.user_id = ${f.userId}`);
  return db.all<AccountChange>(sql`${SELECT} ${sql.whereAll(conds)} ORDER BY c.id DESC LIMIT 500`);
}

/** The changes of an account that no second admin has confirmed: their makers may hold it too. */
export async function pendingChangesOf(db: Queryable, userId: number): Promise<AccountChange[]> {
  return (await db.all(
    sql`${SELECT} WHERE c.user_id = ${userId} AND c.confirmed_by IS NULL ORDER BY c.id`,
  )) as AccountChange[];
}

export async function confirmAccountChange(db: WriteTx, id: number, by: number, at: string): Promise<boolean> {
  return (
    (
      await db.run(
        sql`UPDATE account_change SET confirmed_by = ${by}, confirmed_at = ${at} WHERE id = ${id} AND confirmed_by IS NULL`,
      )
    ).changes === 1
  );
}

/** Approvals made while the approver's account had a change no second admin had confirmed yet. */
export async function approvalsWhilePending(
  db: Queryable,
): Promise<(AccountChange & { batchNumber: string; reviewedAt: string; batchId: number })[]> {
  return (await db.all(sql`SELECT x.*, b.id AS "batchId", b.number AS "batchNumber", b.reviewed_at AS "reviewedAt"
     FROM (${SELECT}) x
     JOIN settlement_batch b ON b.reviewed_by = x."userId"
     WHERE b.status IN ('approved', 'paid') AND x.at <= b.reviewed_at
       AND (x."confirmedAt" IS NULL OR x."confirmedAt" >= b.reviewed_at)
     ORDER BY b.id, x.id`)) as (AccountChange & { batchNumber: string; reviewedAt: string; batchId: number })[];
}

/**
 * Confirmations by an admin whose own account the maker of the confirmed change made, unconfirmed
 * at the time: possibly one person confirming their own changes through a second account.
 * The names are grouped by too: PostgreSQL refuses a column neither grouped nor aggregated, even one
 * fixed by the grouped id.
 */
export async function confirmationsByMakersAccount(
  db: Queryable,
): Promise<{ confirmerId: number; confirmer: string; makerId: number; maker: string; n: number }[]> {
  return (await db.all(sql`SELECT c.confirmed_by AS "confirmerId", k.display_name AS confirmer, c.made_by AS "makerId",
            m.display_name AS maker, count(*) AS n
     FROM account_change c
     JOIN app_user k ON k.id = c.confirmed_by
     JOIN app_user m ON m.id = c.made_by
     WHERE EXISTS (SELECT 1 FROM account_change x WHERE x.user_id = c.confirmed_by AND x.made_by = c.made_by
                     AND x.at <= c.confirmed_at AND (x.confirmed_at IS NULL OR x.confirmed_at >= c.confirmed_at))
     GROUP BY c.confirmed_by, k.display_name, c.made_by, m.display_name`)) as {
    confirmerId: number;
    confirmer: string;
    makerId: number;
    maker: string;
    n: number;
  }[];
}
