// What a backup holds, read from a copy restored elsewhere (PostgreSQL) before it is trusted.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';

export interface BackupFacts {
  version: number;
  hasAudit: boolean;
  workers: number;
  vouchers: number;
}

/** Schema version (PostgreSQL's schema_version row) and row counts of a restored copy. */
export async function backupFacts(db: Queryable): Promise<BackupFacts> {
  const tables = new Set(
    await db.column<string>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
    ),
  );
  const count = async (t: 'worker' | 'voucher') =>
    tables.has(t) ? Number(await db.value(sql`SELECT count(*) FROM ${sql.ident(t)}`)) : 0;
  return {
    version: tables.has('schema_version')
      ? Number((await db.value(sql`SELECT version FROM schema_version WHERE id = 1`)) ?? 0)
      : 0,
    hasAudit: tables.has('audit_log'),
    workers: await count('worker'),
    vouchers: await count('voucher'),
  };
}
