// One place that turns `--db` (a file path or a postgres:// URL) into a database of the right engine.
import { openPg, type PgDatabase } from './driver/pg';
import { openSqlite, type SqliteDatabase } from './driver/sqlite';
import { BUSY_TIMEOUT_MS } from './connection';
import { existsSync } from 'node:fs';
import { AppError } from '../core/errors';
import type { Database, ReadDb } from './driver/types';
import { sql } from './sql';
import { openReadOnly } from './sqliteFile';
import { appRightsMessage, migratePg, missingAppRights } from './pgMigrate';

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
    const missing = await missingAppRights(db.pool);
    if (missing.length > 0) {
      const shown = missing.slice(0, 4).join('；') + (missing.length > 4 ? ` 等 ${missing.length} 项` : '');
      throw new AppError('FORBIDDEN', appRightsMessage(await pgRole(db), `缺少 ${shown}`));
    }
  } catch (e) {
    await db.close().catch(() => undefined);
    // insufficient_privilege: a role that may not even read the version, or that would have to
    // migrate a schema it does not own.
    if ((e as { code?: string }).code === '42501') {
      throw new AppError('FORBIDDEN', appRightsMessage(pgUser(spec), (e as Error).message));
    }
    throw e;
  }
  return db;
}

async function pgRole(db: PgDatabase): Promise<string> {
  return String(await db.reader.value(sql`SELECT current_user`));
}

/** The user named in a URL (the one PostgreSQL logs in as), for messages once the pool is closed. */
function pgUser(spec: string): string {
  try {
    return decodeURIComponent(new URL(spec).username) || '（连接地址未写明的默认角色）';
  } catch {
    return '（连接地址中的角色）';
  }
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
  opened.conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return {
    reader: opened.reader,
    label: spec,
    close: async () => {
      opened.conn.close();
    },
  };
}
