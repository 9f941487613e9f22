// What a backup or a restore needs to know of a SQLite file, asked without changing it.
import type { Database as Sqlite } from 'better-sqlite3';
import { openRaw } from './connection';
import { sqliteReader, type SqliteDatabase } from './driver/sqlite';
import type { ReadDb } from './driver/types';

export interface SqliteFileFacts {
  /** 'ok', or what integrity_check found; null when the file is not a database at all. */
  integrity: string | null;
  version: number;
  hasAudit: boolean;
  workers: number;
  vouchers: number;
}

/** Opens `file` read-only; the caller closes it. Throws when it cannot be opened at all. */
export function openReadOnly(file: string): { reader: ReadDb; conn: Sqlite } {
  const conn = openRaw(file, { readonly: true, fileMustExist: true });
  return { conn, reader: sqliteReader(conn) };
}

export function factsOf(conn: Sqlite): SqliteFileFacts {
  let integrity: string | null;
  try {
    integrity = String(conn.pragma('integrity_check', { simple: true }));
  } catch {
    return { integrity: null, version: 0, hasAudit: false, workers: 0, vouchers: 0 };
  }
  const version = conn.pragma('user_version', { simple: true }) as number;
  const has = (table: string) =>
    conn.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const count = (table: 'worker' | 'voucher') =>
    has(table) ? (conn.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
  return { integrity, version, hasAudit: has('audit_log'), workers: count('worker'), vouchers: count('voucher') };
}

/** SQLite's online backup into `tmp`, then made one self-contained file (no -wal/-shm beside it). */
export async function onlineBackup(db: SqliteDatabase, tmp: string): Promise<void> {
  await db.connection.backup(tmp);
  const copy = openRaw(tmp, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Everything in the write-ahead log moved into the main file (before copying it as is). */
export function checkpointFile(file: string): void {
  const conn = openRaw(file, { fileMustExist: true });
  try {
    conn.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    conn.close();
  }
}
