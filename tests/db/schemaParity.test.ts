// The PostgreSQL schema equals SQLite's, so that the two cannot drift: tables and columns (type
// category, NOT NULL, defaults, generated, automatic ids), primary keys, unique constraints, foreign
// keys with their actions, the number of CHECK constraints, every index (columns, order, unique,
// partial predicate), every trigger (table, timing, event, UPDATE OF columns), and the rows a new
// database starts with. Adding a column, index or trigger on one engine only fails here. Skips with
// a one-line reason where PostgreSQL is not installed (the migration guard runs everywhere).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, LATEST_VERSION } from '../../electron/db/migrations';
import { PG_BASELINE } from '../../electron/db/migrations/pg/baseline';
import { STAMPED_TABLES } from '../../electron/db/driver/stableReads';
import { pgAvailable, getCluster, TEMPLATE_DB, testDatabaseName, type PgCluster } from '../fixtures/pgCluster';
import { pgSnapshot, sqliteSnapshot, type SchemaSnap } from '../fixtures/schemaSnapshot';
import { freshSqlite, pgClient, pgEngine, sqliteEngine, tableRows } from '../fixtures/twoEngines';

describe('PostgreSQL migrations guard', () => {
  it('the baseline stands for one of the numbered migrations, at most the latest', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(PG_BASELINE.version);
    expect(PG_BASELINE.version).toBeLessThanOrEqual(LATEST_VERSION);
  });

  it('every migration after the baseline carries its PostgreSQL SQL (pg)', () => {
    const missing = MIGRATIONS.filter((m) => m.version > PG_BASELINE.version && !m.pg?.trim()).map(
      (m) => `${m.version} ${m.name}`,
    );
    expect(missing, 'add `pg` to these migrations (electron/db/migration.ts)').toEqual([]);
  });
});

const available = pgAvailable();

describe.skipIf(!available.ok)(
  `schema parity with PostgreSQL${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    let cluster: PgCluster;
    let client: pg.Client;
    const dbName = testDatabaseName('parity');
    let sqlite: SchemaSnap;
    let postgres: SchemaSnap;

    beforeAll(async () => {
      cluster = await getCluster();
      client = pgClient(await cluster.createDatabase(dbName, TEMPLATE_DB));
      await client.connect();
      const db = freshSqlite();
      sqlite = sqliteSnapshot(db);
      db.close();
      postgres = await pgSnapshot(client);
    }, 60_000);

    afterAll(async () => {
      await client?.end();
      await cluster?.dropDatabase(dbName);
      await cluster?.stop();
    });

    it('has the same tables', () => {
      expect(Object.keys(postgres.tables).sort()).toEqual(Object.keys(sqlite.tables).sort());
      expect(Object.keys(sqlite.tables).length).toBeGreaterThan(40);
    });

    it('has the same columns, keys, uniques, foreign keys and number of checks in every table', () => {
      for (const [name, table] of Object.entries(sqlite.tables)) {
        expect(postgres.tables[name], `table ${name}`).toEqual(table);
      }
    });

    it('has the same indexes', () => {
      expect(postgres.indexes).toEqual(sqlite.indexes);
      expect(Object.values(sqlite.indexes).filter((i) => i.where !== null).length).toBeGreaterThan(3);
    });

    it('has the same triggers', () => {
      // The differences, on purpose: PostgreSQL moves the audit head once per statement (migration
      // 017), because updating one row per audit row made a bulk import quadratic there, and replaces
      // the catalogue's stamp once per statement (026); SQLite has row triggers only.
      const perStatement = (name: string) => name === 'audit_log_head' || /_stamp_(insert|update|delete)$/.test(name);
      const expected = Object.fromEntries(
        Object.entries(sqlite.triggers).map(([name, tr]) => [
          name,
          perStatement(name) ? { ...tr, timing: 'AFTER (statement)' } : tr,
        ]),
      );
      // And PostgreSQL's TRUNCATE replaces the stamp too (027: SQLite has no TRUNCATE).
      for (const table of STAMPED_TABLES) {
        expected[`${table}_stamp_truncate`] = { table, timing: 'AFTER (statement)', event: 'TRUNCATE', columns: [] };
      }
      expect(sqlite.triggers.audit_log_head?.timing).toBe('AFTER');
      expect(Object.keys(sqlite.triggers).filter(perStatement).length).toBeGreaterThan(30);
      expect(postgres.triggers).toEqual(expected);
      expect(Object.keys(sqlite.triggers).length).toBeGreaterThan(15);
    });

    it('starts with the same rows in every table (settings, townships, catalogue)', async () => {
      const db = freshSqlite();
      const lite = sqliteEngine(db);
      const pgE = pgEngine(client);
      try {
        for (const table of Object.keys(sqlite.tables)) {
          // The catalogue's stamp is random on each database (migration 026): only its shape is equal.
          const rows = async (e: typeof lite) =>
            (await tableRows(e, table)).map((r) => (table === 'ref_stamp' ? { ...r, stamp: 'random' } : r));
          expect(await rows(pgE), `rows of ${table}`).toEqual(await rows(lite));
        }
      } finally {
        db.close();
      }
    });

    it('notices a column, an index or a trigger added on one engine only', async () => {
      const name = testDatabaseName('drift');
      const c = pgClient(await cluster.createDatabase(name, TEMPLATE_DB));
      await c.connect();
      try {
        await c.query('ALTER TABLE setting ADD COLUMN note text');
        await c.query('CREATE INDEX worker_birth ON worker (birth_date)');
        await c.query(
          `CREATE TRIGGER plan_no_delete BEFORE DELETE ON plan FOR EACH ROW EXECUTE FUNCTION longling_refuse('no')`,
        );
        await c.query('ALTER TABLE institution ADD CHECK (length(address) < 500)');
        const drifted = await pgSnapshot(c);
        expect(drifted.tables.setting).not.toEqual(sqlite.tables.setting);
        expect(drifted.tables.institution).not.toEqual(sqlite.tables.institution);
        expect(drifted.indexes).not.toEqual(sqlite.indexes);
        expect(drifted.triggers).not.toEqual(sqlite.triggers);
      } finally {
        await c.end();
        await cluster.dropDatabase(name);
      }
    });
  },
);
