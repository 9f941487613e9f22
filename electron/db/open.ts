// One place that turns `--db` (a file path or a postgres:// URL) into a database of the right engine.
import { openPg, type PgDatabase } from './driver/pg';
import { openSqlite, type SqliteDatabase } from './driver/sqlite';
import type { Database } from './driver/types';
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
