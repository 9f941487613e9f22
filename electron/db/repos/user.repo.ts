import type { Role } from '../../../shared/contract/roles';
import type { UserRow } from '../../../shared/contract/schemas/auth';
import type { Db } from '../connection';
import { prep } from '../prepared';

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
}

export function toUserRow(r: UserDbRow): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    institutionId: r.institution_id,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export function countUsers(db: Db): number {
  return (prep(db, 'SELECT count(*) AS n FROM app_user').get() as { n: number }).n;
}

export function findUserByName(db: Db, username: string): UserDbRow | undefined {
  return prep(db, 'SELECT * FROM app_user WHERE username = ?').get(username) as UserDbRow | undefined;
}

export function findUser(db: Db, id: number): UserDbRow | undefined {
  return prep(db, 'SELECT * FROM app_user WHERE id = ?').get(id) as UserDbRow | undefined;
}

export function listUsers(db: Db): UserDbRow[] {
  return prep(db, 'SELECT * FROM app_user ORDER BY disabled, role, username').all() as UserDbRow[];
}

export function insertUser(
  db: Db,
  u: {
    username: string;
    displayName: string;
    role: Role;
    institutionId: number | null;
    passwordHash: string;
    createdAt: string;
  },
): number {
  return Number(
    prep(
      db,
      `INSERT INTO app_user (username, display_name, role, institution_id, password_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(u.username, u.displayName, u.role, u.institutionId, u.passwordHash, u.createdAt).lastInsertRowid,
  );
}

export function updateUser(
  db: Db,
  id: number,
  u: { displayName: string; role: Role; institutionId: number | null },
): void {
  prep(db, 'UPDATE app_user SET display_name = ?, role = ?, institution_id = ? WHERE id = ?').run(
    u.displayName,
    u.role,
    u.institutionId,
    id,
  );
}

export function setUserDisabled(db: Db, id: number, disabled: boolean): void {
  prep(db, 'UPDATE app_user SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
}

export function setPasswordHash(db: Db, id: number, hash: string): void {
  prep(db, 'UPDATE app_user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?').run(hash, id);
}

export function recordLoginFailure(db: Db, id: number, lockedUntil: string | null): void {
  prep(db, 'UPDATE app_user SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?').run(lockedUntil, id);
}

/** A password was given right (unlocking the screen): the count of wrong ones starts over. */
export function clearLoginFailures(db: Db, id: number): void {
  prep(db, 'UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
}

export function recordLoginSuccess(db: Db, id: number, at: string): void {
  prep(db, 'UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(at, id);
}

export function countActiveAdmins(db: Db): number {
  return (prep(db, "SELECT count(*) AS n FROM app_user WHERE role = 'admin' AND disabled = 0").get() as { n: number })
    .n;
}

export function institutionExists(db: Db, id: number): boolean {
  return prep(db, 'SELECT 1 FROM institution WHERE id = ?').get(id) !== undefined;
}
