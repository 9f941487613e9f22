import type { Role } from '../../../shared/contract/roles';
import type { UserRow } from '../../../shared/contract/schemas/auth';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export interface UserDbRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  institution_id: number | null;
  password_hash: string;
  disabled: 0 | 1;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
  /** 1: the password was set by an admin and the user has not yet chosen their own (migration 15). */
  must_change_password: 0 | 1;
}

export function toUserRow(r: UserDbRow, townships: string[] = []): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    institutionId: r.institution_id,
    townships,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export async function countUsers(db: Queryable): Promise<number> {
  return ((await db.get(sql`SELECT count(*) AS n FROM app_user`)) as { n: number }).n;
}

export async function findUserByName(db: Queryable, username: string): Promise<UserDbRow | undefined> {
  return (await db.get(sql`SELECT * FROM app_user WHERE lower(username) = lower(${username})`)) as
    UserDbRow | undefined;
}

export async function findUser(db: Queryable, id: number): Promise<UserDbRow | undefined> {
  return (await db.get(sql`SELECT * FROM app_user WHERE id = ${id}`)) as UserDbRow | undefined;
}

export async function listUsers(db: Queryable): Promise<UserDbRow[]> {
  return (await db.all(sql`SELECT * FROM app_user ORDER BY disabled, role, username`)) as UserDbRow[];
}

export async function insertUser(
  db: WriteTx,
  u: {
    username: string;
    displayName: string;
    role: Role;
    institutionId: number | null;
    passwordHash: string;
    createdAt: string;
    /** Set by an admin for someone else: they choose their own at first login. */
    mustChangePassword: boolean;
  },
): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO app_user (username, display_name, role, institution_id, password_hash, created_at, must_change_password)
         VALUES (${u.username}, ${u.displayName}, ${u.role}, ${u.institutionId}, ${u.passwordHash}, ${u.createdAt},
                 ${u.mustChangePassword ? 1 : 0}) RETURNING id`),
    ),
  );
}

export async function updateUser(
  db: WriteTx,
  id: number,
  u: { displayName: string; role: Role; institutionId: number | null },
): Promise<void> {
  await db.run(
    sql`UPDATE app_user SET display_name = ${u.displayName}, role = ${u.role}, institution_id = ${u.institutionId} WHERE id = ${id}`,
  );
}

export async function setUserDisabled(db: WriteTx, id: number, disabled: boolean): Promise<void> {
  await db.run(sql`UPDATE app_user SET disabled = ${disabled ? 1 : 0} WHERE id = ${id}`);
}

/** `byAdmin`: an admin's reset, which the user replaces at their next login; false: the user's own. */
export async function setPasswordHash(db: WriteTx, id: number, hash: string, byAdmin: boolean): Promise<void> {
  await db.run(
    sql`UPDATE app_user SET password_hash = ${hash}, failed_logins = 0, locked_until = NULL,
          must_change_password = ${byAdmin ? 1 : 0} WHERE id = ${id}`,
  );
}

export async function recordLoginFailure(db: WriteTx, id: number, lockedUntil: string | null): Promise<void> {
  await db.run(
    sql`UPDATE app_user SET failed_logins = failed_logins + 1, locked_until = ${lockedUntil} WHERE id = ${id}`,
  );
}

/** The name as findUserByName folds it: this database's own lower(), whatever its engine and locale. */
export async function foldedUsername(db: Queryable, username: string): Promise<string> {
  return String(await db.value(sql`SELECT lower(CAST(${username} AS TEXT))`));
}

export async function unknownLoginOf(
  db: Queryable,
  nameFp: string,
): Promise<{ failures: number; locked_until: string | null } | undefined> {
  return db.get(sql`SELECT failures, locked_until FROM login_unknown WHERE name_fp = ${nameFp}`);
}

/** One more wrong password for a name no account has. */
export async function recordUnknownLoginFailure(
  db: WriteTx,
  nameFp: string,
  c: { failures: number; lockedUntil: string | null; at: string },
): Promise<void> {
  await db.run(
    sql`INSERT INTO login_unknown (name_fp, failures, locked_until, updated_at)
        VALUES (${nameFp}, ${c.failures}, ${c.lockedUntil}, ${c.at})
        ON CONFLICT (name_fp) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
          updated_at = excluded.updated_at`,
  );
}

/** A password was given right (unlocking the screen): the count of wrong ones starts over. */
export async function clearLoginFailures(db: WriteTx, id: number): Promise<void> {
  await db.run(sql`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ${id}`);
}

export async function recordLoginSuccess(db: WriteTx, id: number, at: string): Promise<void> {
  await db.run(sql`UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = ${at} WHERE id = ${id}`);
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  return (
    (await db.get(sql`SELECT count(*) AS n FROM app_user WHERE role = 'admin' AND disabled = 0`)) as { n: number }
  ).n;
}

export async function institutionExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.get(sql`SELECT 1 FROM institution WHERE id = ${id}`)) !== undefined;
}

/** 所属乡镇 of one account (codes, in the county's order); empty for county-wide. */
export async function userTownships(db: Queryable, userId: number): Promise<string[]> {
  return db.column<string>(sql`SELECT ut.township_code FROM user_township ut JOIN township t ON t.code = ut.township_code
    WHERE ut.user_id = ${userId} ORDER BY t.sort`);
}

/** 所属乡镇 of every account that has any, for the list of users. */
export async function allUserTownships(db: Queryable): Promise<Map<number, string[]>> {
  const rows = await db.all<{ user_id: number; township_code: string }>(
    sql`SELECT ut.user_id, ut.township_code FROM user_township ut JOIN township t ON t.code = ut.township_code
        ORDER BY ut.user_id, t.sort`,
  );
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(Number(r.user_id), [...(out.get(Number(r.user_id)) ?? []), r.township_code]);
  return out;
}

export async function setUserTownships(db: WriteTx, userId: number, codes: readonly string[]): Promise<void> {
  await db.run(sql`DELETE FROM user_township WHERE user_id = ${userId}`);
  await db.insertMany(
    'user_township',
    ['user_id', 'township_code'],
    codes.map((c) => [userId, c]),
  );
}

/** Which of these codes are no township of the county. */
export async function unknownTownships(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const known = new Set(await db.column<string>(sql`SELECT code FROM township WHERE code IN ${sql.in([...codes])}`));
  return codes.filter((c) => !known.has(c));
}
