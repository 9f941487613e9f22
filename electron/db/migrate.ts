import type { Database } from 'better-sqlite3';
import { AppError } from '../core/errors';
import type { Migration } from './migration';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to `target`, one migration per transaction, so that a failure
 * leaves it at the last version that completed.
 */
export function migrate(db: Database, target = LATEST_VERSION, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new AppError(
      'CONFLICT',
      `数据库版本为 ${current}，高于本程序支持的版本 ${LATEST_VERSION}：它由更新版本的程序创建。请升级本程序后再打开，不要用旧版本修改它。`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
