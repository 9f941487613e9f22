import Database, { type Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../core/errors';
import { migrate } from './migrate';

export type { Db };

export interface OpenOptions {
  /** Skip migrations (used by tests that build old versions by hand). */
  migrate?: boolean;
}

/**
 * Every connection commits with synchronous = FULL: in WAL mode NORMAL may lose the last commits on
 * a power cut, and a redemption the institution was told succeeded, or a recorded payment, must
 * not roll back. The one exception is the app's writing connection (driver/sqlite.ts), which gets
 * the same guarantee by syncing the WAL itself before it answers, shared by many commits
 * (walFlush.ts). The benchmarks measure what this costs.
 */
export const SYNCHRONOUS = 'FULL';

/** How long a connection waits for another's write lock before it fails with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** A connection outside the app's migrations (backups, restore checks), with the same durability. */
export function openRaw(file: string, opts: Database.Options = {}): Db {
  const db = new Database(file, opts);
  if (!opts.readonly) db.pragma(`synchronous = ${SYNCHRONOUS}`);
  return db;
}

/** The one connection of a process: WAL so readers never wait for the writer, and a busy timeout so two processes queue instead of failing. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new AppError('INTERNAL', `无法打开数据库文件 ${file}：${(e as Error).message}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${SYNCHRONOUS}`);
    db.pragma('foreign_keys = ON');
    // 64 MB of page cache (the default is 2 MB): a bulk import or a dashboard query touches indexes
    // larger than 2 MB, and re-reading their pages from the OS cache dominated both.
    db.pragma('cache_size = -65536');
    if (opts.migrate !== false) migrate(db);
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message;
    if (/file is not a database/i.test(msg)) throw new AppError('INTERNAL', `${file} 不是本程序的数据库文件`);
    throw e;
  }
  return db;
}
