// One place that turns `--db` (a file path or a postgres:// URL) into a database of the right engine.
import { openPg, type PgDatabase } from './driver/pg';
import { openSqlite, type SqliteDatabase } from './driver/sqlite';
import { existsSync } from 'node:fs';
import { AppError } from '../core/errors';
import type { Database, ReadDb } from './driver/types';
import { sql } from './sql';
import { openReadOnly } from './sqliteFile';
import { migratePg } from './pgMigrate';

export function isPgUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export type AnyDatabase = SqliteDatabase | PgDatabase;

/** Opens and migrates: SQLite at open (one writer), PostgreSQL before the pool is handed out. */
export async function openAny(spec: string): Promise<AnyDatabase> {
  if (!isPgUrl(spec)) return openSqlite(spec);
  const db = openPg(spec);
  try {
    await migratePg(db.pool);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

export type { Database };

/** The schema version of an open database (SQLite's user_version, PostgreSQL's schema_version row). */
export async function schemaVersionOf(db: Database): Promise<number> {
  if (db.engine === 'sqlite')
    return (db as SqliteDatabase).connection.pragma('user_version', { simple: true }) as number;
  return Number((await db.reader.value(sql`SELECT version FROM schema_version`)) ?? 0);
}

/**
 * A database opened to look at, not to change: no migration, no binding of secrets. SQLite opens the
 * file read-only; PostgreSQL connects without migrating.
 */
export async function openForReading(spec: string): Promise<{ reader: ReadDb; label: string; close(): Promise<void> }> {
  if (isPgUrl(spec)) {
    const db = openPg(spec, { max: 2 });
    return { reader: db.reader, label: db.label, close: () => db.close() };
  }
  if (!existsSync(spec)) throw new AppError('VALIDATION', `找不到数据库文件 ${spec}`);
  let opened: ReturnType<typeof openReadOnly>;
  try {
    opened = openReadOnly(spec);
  } catch (e) {
    throw new AppError('VALIDATION', `无法打开数据库文件 ${spec}：${(e as Error).message}`);
  }
  opened.conn.pragma('busy_timeout = 10000');
  return {
    reader: opened.reader,
    label: spec,
    close: async () => {
      opened.conn.close();
    },
  };
}
