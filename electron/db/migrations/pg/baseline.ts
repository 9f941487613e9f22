// The PostgreSQL schema as one baseline: what SQLite's numbered migrations build, up to and
// including the one named below, written once for PostgreSQL. An empty PostgreSQL database gets
// this and then only the migrations after it, from their `pg` SQL (electron/db/pgMigrate.ts); older
// SQLite migrations never run on PostgreSQL. tests/db/schemaParity.test.ts keeps the two equal.
//
// Frozen like a migration once landed: a schema change is a new numbered migration with both `up`
// (SQLite) and `pg` (PostgreSQL), never an edit here.
import { m012 } from '../012_worker_pending_import_mapping';
import { FUNCTIONS_SQL } from './functions';
import { SEED_SQL } from './seed';
import { TABLES_CORE_SQL } from './tablesCore';
import { TABLES_MORE_SQL } from './tablesMore';
import { TRIGGERS_SQL } from './triggers';
import { VOUCHER_STAT_SQL } from './voucherStat';

/** Identity sequences continue after the highest id, so that rows inserted with ids don't collide. */
const RESET_SEQUENCES_SQL = `
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND is_identity = 'YES'
  LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',
                   format('%I', c.table_name), c.column_name, c.column_name, c.table_name);
  END LOOP;
END $$;
`;

export interface PgBaseline {
  /** The version of the last SQLite migration the baseline stands for (taken from it, never typed). */
  version: number;
  sql: string;
}

export const PG_BASELINE: PgBaseline = {
  version: m012.version,
  sql: [
    FUNCTIONS_SQL,
    TABLES_CORE_SQL,
    TABLES_MORE_SQL,
    VOUCHER_STAT_SQL,
    TRIGGERS_SQL,
    SEED_SQL,
    RESET_SEQUENCES_SQL,
  ].join('\n'),
};
