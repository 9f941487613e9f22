// The PostgreSQL migration runner and the app role's rights: an empty database gets the baseline
// and the migrations after it, each in its own transaction; a newer database is refused with
// SQLite's message; the app role cannot rewrite the audit trail (no UPDATE, DELETE or TRUNCATE);
// sequences continue after copied ids. Skips with a one-line reason where PostgreSQL is not installed.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import type { Migration } from '../../electron/db/migration';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/db/migrations';
import { PG_BASELINE } from '../../electron/db/migrations/pg/baseline';
import { APP_RIGHTS, appRoleMayCreate, migratePg, pgSchemaVersion, resetSequences } from '../../electron/db/pgMigrate';
import {
  APP_ROLE,
  getCluster,
  pgAvailable,
  TEMPLATE_DB,
  testDatabaseName,
  type PgCluster,
} from '../fixtures/pgCluster';
import { seedWorld, voucherInsert } from '../fixtures/parityWorld';
import { pgClient, pgEngine, toPg } from '../fixtures/twoEngines';
import { makeId } from '../fixtures/ids';

const available = pgAvailable();

describe.skipIf(!available.ok)(
  `PostgreSQL migrations and rights${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    let cluster: PgCluster;
    const names: string[] = [];
    const clients: pg.Client[] = [];

    /** A new database (empty, or a copy of the migrated template) and a client on it. */
    async function database(template?: string, user?: string): Promise<pg.Client> {
      const name = testDatabaseName('migrate');
      names.push(name);
      await cluster.createDatabase(name, template);
      const c = pgClient(cluster.url(name, user));
      await c.connect();
      clients.push(c);
      return c;
    }

    beforeAll(async () => {
      cluster = await getCluster();
    }, 60_000);

    afterAll(async () => {
      for (const c of clients) await c.end().catch(() => undefined);
      for (const n of names) await cluster?.dropDatabase(n);
      await cluster?.stop();
    });

    it('migrates an empty database to the latest version, once', async () => {
      const c = await database();
      expect(await pgSchemaVersion(c)).toBe(0);
      expect(await migratePg(c)).toBe(LATEST_VERSION);
      expect(await migratePg(c)).toBe(LATEST_VERSION);
      expect((await c.query('SELECT count(*)::int AS n FROM plan')).rows[0].n).toBe(17);
      expect((await c.query('SELECT * FROM schema_version')).rows).toEqual([{ id: 1, version: LATEST_VERSION }]);
    });

    it('version 17 keeps the audit chain and its head, and moves the head once per statement', async () => {
      const c = await database();
      await migratePg(c, { target: 16 });
      const hash = (n: number) => String(n).repeat(64).slice(0, 64);
      const rows = (ids: number[]) => ({
        text: `INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES ${ids
          .map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, 'x:y', 'create', 'worker', $${4 * i + 3}, $${4 * i + 4})`)
          .join(', ')}`,
        values: ids.flatMap((id) => [id, '2026-12-06T00:00:00Z', hash(id - 1), hash(id)]),
      });
      await c.query(rows([1, 2]));
      expect(await migratePg(c)).toBe(LATEST_VERSION);
      expect((await c.query('SELECT last_id, hash FROM audit_head')).rows).toEqual([{ last_id: 2, hash: hash(2) }]);
      // One statement of many rows, as an import writes them; then a single row, as a form does.
      await c.query(rows(Array.from({ length: 500 }, (_, i) => i + 3)));
      expect((await c.query('SELECT last_id, hash FROM audit_head')).rows).toEqual([{ last_id: 502, hash: hash(502) }]);
      await c.query(rows([503]));
      expect((await c.query('SELECT last_id FROM audit_head')).rows).toEqual([{ last_id: 503 }]);
      const kind = await c.query(
        "SELECT tgtype & 1 AS per_row FROM pg_trigger WHERE tgname = 'audit_log_head' AND NOT tgisinternal",
      );
      expect(kind.rows).toEqual([{ per_row: 0 }]);
    });

    it('version 18 keeps the name bigrams and their checks, and drops the foreign key checked per bigram', async () => {
      const c = await database();
      await migratePg(c, { target: 17 });
      await c.query(
        `INSERT INTO worker (id, id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
         VALUES (1, $1, '欧阳丽丽', 'F', '1990-01-01', '汉族', 'junior', '530523102', 'agricultural', 'farming', 'now', 'now')`,
        [makeId('530523', '19900101', 101)],
      );
      await c.query("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('欧阳', 1), ('阳丽', 1), ('丽丽', 1)");
      const fks = () =>
        c.query("SELECT conname FROM pg_constraint WHERE conrelid = 'worker_name_gram'::regclass AND contype = 'f'");
      expect((await fks()).rows).toHaveLength(1);
      expect(await migratePg(c)).toBe(LATEST_VERSION);
      expect((await fks()).rows).toEqual([]);
      expect((await c.query('SELECT gram FROM worker_name_gram ORDER BY gram')).rows.map((r) => r.gram)).toEqual(
        ['丽丽', '欧阳', '阳丽'].sort(),
      );
      await expect(c.query("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('丽', 1)")).rejects.toThrow(/check/);
      await expect(c.query("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('欧阳', 1)")).rejects.toThrow(
        /duplicate key/,
      );
    });

    it('version 19 adds the shared count of unknown login names, with its checks', async () => {
      const c = await database();
      await migratePg(c, { target: 18 });
      const exists = async () =>
        Number(
          (await c.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'login_unknown'"))
            .rows[0].n,
        );
      expect(await exists()).toBe(0);
      expect(await migratePg(c, { target: 19 })).toBe(19);
      expect(await exists()).toBe(1);
      const put = (fp: string, n: number) =>
        c.query('INSERT INTO login_unknown (name_fp, failures, locked_until, updated_at) VALUES ($1, $2, NULL, $3)', [
          fp,
          n,
          'now',
        ]);
      await put('0123456789abcdef', 1);
      await expect(put('short', 1)).rejects.toThrow(/check/);
      await expect(put('fedcba9876543210', 0)).rejects.toThrow(/check/);
      await expect(put('0123456789abcdef', 2)).rejects.toThrow(/duplicate key/);
    });

    it('version 20 drops the idle index of unknown login names, keeping their counts', async () => {
      const c = await database();
      await migratePg(c, { target: 19 });
      await c.query(
        "INSERT INTO login_unknown (name_fp, failures, locked_until, updated_at) VALUES ('0123456789abcdef', 3, NULL, 'then')",
      );
      const indexes = async () =>
        (await c.query("SELECT indexname FROM pg_indexes WHERE tablename = 'login_unknown' ORDER BY 1")).rows.map(
          (r) => r.indexname,
        );
      expect(await indexes()).toEqual(['login_unknown_pkey', 'login_unknown_updated']);
      expect(await migratePg(c, { target: 20 })).toBe(20);
      expect(await indexes()).toEqual(['login_unknown_pkey']);
      expect((await c.query('SELECT name_fp, failures FROM login_unknown')).rows).toEqual([
        { name_fp: '0123456789abcdef', failures: 3 },
      ]);
    });

    it('version 21 lets an institution key be marked superseded, keeping the keys bound before', async () => {
      const c = await database();
      await migratePg(c, { target: 20 });
      await c.query("INSERT INTO institution (id, code, name) VALUES (1, 'LL-PX-001', '培训学校')");
      await c.query(
        "INSERT INTO institution_key (kid, institution_id, public_key_pem, bound_at) VALUES ('k-old', 1, 'pem', 'then')",
      );
      expect(await migratePg(c, { target: 21 })).toBe(21);
      expect((await c.query('SELECT kid, superseded_at FROM institution_key')).rows).toEqual([
        { kid: 'k-old', superseded_at: null },
      ]);
      await c.query("UPDATE institution_key SET superseded_at = 'now' WHERE kid = 'k-old'");
    });

    it('version 22 keeps the anomalies found so far and lets 迟报 (late_claim) be flagged', async () => {
      const c = await database();
      await migratePg(c, { target: 21 });
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('attendance_makeup', 's1', '补签', 'then')",
      );
      expect(await migratePg(c, { target: 22 })).toBe(22);
      expect((await c.query('SELECT kind, subject FROM anomaly')).rows).toEqual([
        { kind: 'attendance_makeup', subject: 's1' },
      ]);
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('late_claim', 's2', '迟报', 'now')",
      );
      await expect(
        c.query("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')"),
      ).rejects.toThrow(/anomaly_kind_check/);
    });

    it('version 23 keeps the anomalies found so far and lets 同号申报 (copied_claim) be flagged', async () => {
      const c = await database();
      await migratePg(c, { target: 22 });
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('late_claim', 's1', '迟报', 'then')",
      );
      expect(await migratePg(c, { target: 23 })).toBe(23);
      expect((await c.query('SELECT kind, subject FROM anomaly')).rows).toEqual([
        { kind: 'late_claim', subject: 's1' },
      ]);
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('copied_claim', 's2', '同号申报', 'now')",
      );
      await expect(
        c.query("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')"),
      ).rejects.toThrow(/anomaly_kind_check/);
    });

    it('version 24 keeps the anomalies found so far and lets 一券两家申报 (contested_redemption) be flagged', async () => {
      const c = await database();
      await migratePg(c, { target: 23 });
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('copied_claim', 's1', '同号申报', 'then')",
      );
      expect(await migratePg(c, { target: 24 })).toBe(24);
      expect((await c.query('SELECT kind, subject FROM anomaly')).rows).toEqual([
        { kind: 'copied_claim', subject: 's1' },
      ]);
      await c.query(
        "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('contested_redemption', 's2', '一券两家申报', 'now')",
      );
      await expect(
        c.query("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')"),
      ).rejects.toThrow(/anomaly_kind_check/);
    });

    it('version 25 keeps the claim records imported so far and lets a record keep the time it stated', async () => {
      const c = await database();
      await migratePg(c, { target: 24 });
      await c.query(
        "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason) VALUES ('1:r1', '1:p1', 'redemption', 'S1', 'applied', NULL)",
      );
      expect(await migratePg(c, { target: 25 })).toBe(25);
      expect((await c.query('SELECT record_uid, stated_at FROM claim_record')).rows).toEqual([
        { record_uid: '1:r1', stated_at: null },
      ]);
      await c.query("UPDATE claim_record SET stated_at = '2026-11-28T01:00:00.000Z' WHERE record_uid = '1:r1'");
      expect((await c.query('SELECT stated_at FROM claim_record')).rows).toEqual([
        { stated_at: '2026-11-28T01:00:00.000Z' },
      ]);
    });

    it('version 26 stamps the catalogue: a new stamp with each statement that changes it, none otherwise', async () => {
      const c = await database();
      await migratePg(c, { target: 25 });
      await c.query("INSERT INTO setting (key, value) VALUES ('kept', '1')");
      expect(await migratePg(c, { target: 26 })).toBe(26);
      const stamp = async () => (await c.query<{ stamp: string }>('SELECT stamp FROM ref_stamp')).rows[0]!.stamp;
      const first = await stamp();
      expect(first).toMatch(/^[0-9a-f]{32}$/);
      expect((await c.query("SELECT value FROM setting WHERE key = 'kept'")).rows).toEqual([{ value: '1' }]);
      await c.query('UPDATE occupation SET active = active');
      const second = await stamp();
      expect(second).not.toBe(first);
      await c.query('UPDATE worker SET updated_at = updated_at');
      expect(await stamp()).toBe(second);
    });

    it('version 27 lets only the trigger replace the stamp, as the owner, also on TRUNCATE', async () => {
      const c = await database();
      await migratePg(c, { target: 27 });
      const fn = await c.query<{ secdef: boolean; config: string[] }>(
        "SELECT prosecdef AS secdef, proconfig AS config FROM pg_proc WHERE proname = 'longling_ref_stamp'",
      );
      expect(fn.rows).toEqual([{ secdef: true, config: ['search_path=public, pg_temp'] }]);
      const before = (await c.query('SELECT stamp FROM ref_stamp')).rows[0];
      await c.query('TRUNCATE level_min_hours');
      expect((await c.query('SELECT stamp FROM ref_stamp')).rows[0]).not.toEqual(before);
      expect(APP_RIGHTS.ref_stamp).toBe('SELECT');
    });

    it('version 28 keeps every function of the app to the schema, and leaves an extension’s alone', async () => {
      const c = await database();
      await migratePg(c, { target: 27 });
      // A function a DBA (or an extension) put in the same schema, owned by someone else: not the app's.
      await c.query(`DO $$ BEGIN CREATE ROLE longling_dba_fn; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
      await c.query('CREATE FUNCTION dba_helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
      await c.query('ALTER FUNCTION dba_helper() OWNER TO longling_dba_fn');
      expect(await migratePg(c, { target: 28 })).toBe(28);
      const fns = await c.query<{ name: string; config: string[] | null }>(
        `SELECT proname AS name, proconfig AS config FROM pg_proc
         WHERE pronamespace = current_schema()::regnamespace AND prokind = 'f' ORDER BY proname`,
      );
      for (const f of fns.rows) {
        if (f.name === 'dba_helper') expect(f.config).toBeNull();
        else expect(f.config, f.name).toEqual(['search_path=public, pg_temp']);
      }
      expect(fns.rows.length).toBeGreaterThan(15);
      await c.query('DROP FUNCTION dba_helper()');
      await c.query('DROP ROLE longling_dba_fn');
    });

    it('migrates as the owner of the tables when a superuser runs it, and refuses anyone else', async () => {
      const name = testDatabaseName('owned');
      names.push(name);
      await cluster.createDatabase(name);
      const admin = pgClient(cluster.url(name));
      await admin.connect();
      clients.push(admin);
      await admin.query(
        `DO $$ BEGIN CREATE ROLE longling_owner_t LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      );
      await admin.query(`ALTER DATABASE ${name} OWNER TO longling_owner_t`);
      const owner = pgClient(cluster.url(name, 'longling_owner_t'));
      await owner.connect();
      clients.push(owner);
      await migratePg(owner, { target: 25 });
      // A role that may read the version but is not the owner (nor a superuser): refused, untouched.
      await admin.query(
        `DO $$ BEGIN CREATE ROLE longling_other_t LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      );
      await owner.query('GRANT SELECT ON schema_version TO longling_other_t');
      const other = pgClient(cluster.url(name, 'longling_other_t'));
      await other.connect();
      clients.push(other);
      await expect(migratePg(other)).rejects.toThrow(
        '数据库的表属于角色 longling_owner_t，当前角色 longling_other_t 不能升级它',
      );
      expect(await pgSchemaVersion(admin)).toBe(25);
      // The superuser upgrades it: what 26 creates belongs to the owner, like everything before.
      expect(await migratePg(admin)).toBe(LATEST_VERSION);
      const owners = await admin.query<{ name: string; owner: string }>(
        `SELECT relname AS name, pg_get_userbyid(relowner) AS owner FROM pg_class
         WHERE relname IN ('ref_stamp', 'worker') ORDER BY relname`,
      );
      expect(owners.rows).toEqual([
        { name: 'ref_stamp', owner: 'longling_owner_t' },
        { name: 'worker', owner: 'longling_owner_t' },
      ]);
      const fnOwner = await admin.query(
        "SELECT pg_get_userbyid(proowner) AS o FROM pg_proc WHERE proname = 'longling_ref_stamp'",
      );
      expect(fnOwner.rows).toEqual([{ o: 'longling_owner_t' }]);
    });

    it('takes away the CREATE on the schema that PostgreSQL 13 and 14 gave every role', async () => {
      const c = await database(TEMPLATE_DB);
      await c.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
      expect(await appRoleMayCreate(c, APP_ROLE)).toBe(true);
      await migratePg(c, { appRole: APP_ROLE });
      expect(await appRoleMayCreate(c, APP_ROLE)).toBe(false);
    });

    it('lets two processes starting at once migrate one database without stepping on each other', async () => {
      const a = await database();
      const b = pgClient(cluster.url(names.at(-1)!));
      await b.connect();
      clients.push(b);
      expect(await Promise.all([migratePg(a), migratePg(b)])).toEqual([LATEST_VERSION, LATEST_VERSION]);
    });

    it('runs the later migrations from their pg SQL, one transaction each, and stops at a failing one', async () => {
      const c = await database(TEMPLATE_DB);
      const next = LATEST_VERSION + 1;
      const later: Migration[] = [
        ...MIGRATIONS,
        {
          version: next,
          name: 'test: a table',
          up: 'CREATE TABLE t1 (a INTEGER) STRICT',
          pg: 'CREATE TABLE t1 (a bigint)',
        },
        { version: next + 1, name: 'test: fails', up: '', pg: 'CREATE TABLE t2 (a bigint); SELECT 1 / 0' },
      ];
      await expect(migratePg(c, { migrations: later, target: next + 1 })).rejects.toThrow(/division by zero/);
      expect(await pgSchemaVersion(c)).toBe(next);
      expect((await c.query(`SELECT to_regclass('t1')::text AS t1, to_regclass('t2')::text AS t2`)).rows).toEqual([
        { t1: 't1', t2: null },
      ]);
      const noPg: Migration[] = [
        ...later.slice(0, -1),
        { version: next + 1, name: 'test: SQLite only', up: 'SELECT 1' },
      ];
      await expect(migratePg(c, { migrations: noPg, target: next + 1 })).rejects.toThrow(/没有 PostgreSQL 版本/);
    });

    it('refuses a database from a newer version with the same message as SQLite', async () => {
      const c = await database(TEMPLATE_DB);
      await c.query('UPDATE schema_version SET version = $1', [LATEST_VERSION + 1]);
      const pgError = await migratePg(c).then(
        () => null,
        (e: Error) => e.message,
      );
      const file = join(mkdtempSync(join(tmpdir(), 'longling-newer-')), 'newer.db');
      const raw = new Database(file);
      raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
      raw.close();
      let sqliteError: string | null = null;
      try {
        openDatabase(file).close();
      } catch (e) {
        sqliteError = (e as Error).message;
      }
      expect(pgError).toMatch(/高于本程序支持的版本/);
      expect(pgError).toBe(sqliteError);
    });

    it('refuses a database that already holds tables of something else', async () => {
      const c = await database();
      await c.query('CREATE TABLE orders (id bigint)');
      await expect(migratePg(c)).rejects.toThrow(/不是本程序的数据库/);
    });

    it('gives the app role no UPDATE, DELETE or TRUNCATE on the audit log, and none of TRUNCATE anywhere', async () => {
      const owner = await database(TEMPLATE_DB);
      const app = pgClient(cluster.url(names.at(-1)!, APP_ROLE));
      await app.connect();
      clients.push(app);
      const hash = 'a'.repeat(64);
      await app.query(
        `INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES (1, 'now', 'x:y', 'create', 'worker', $1, $1)`,
        [hash],
      );
      expect((await app.query('SELECT last_id FROM audit_head')).rows).toEqual([{ last_id: 1 }]);
      // Everything the triggers write on its behalf (statistics, the skill register) it may write.
      await seedWorld(pgEngine(app));
      const [insertVoucher, params] = voucherInsert({ id: 1 });
      await app.query(toPg(insertVoucher), params);
      await app.query(`UPDATE voucher SET status = 'redeemed', redeemed_on = '2026-03-04' WHERE id = 1`);
      await app.query(
        `INSERT INTO certificate (uid, worker_id, type, number, occupation_code, level, issuing_body, issued_on, recorded_at)
       VALUES ('c1', 1, 'skill_level', 'NO-1', '4-10-01-05', 'L4', '人社局', '2026-03-01', 'now')`,
      );
      expect((await app.query(`SELECT n_redeemed, days_sum FROM voucher_stat WHERE dim = 'township'`)).rows).toEqual([
        { n_redeemed: 1, days_sum: 2 },
      ]);
      expect((await app.query('SELECT rank FROM worker_skill')).rows).toEqual([{ rank: 2 }]);
      for (const q of [
        `UPDATE audit_log SET username = 'x'`,
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
        'TRUNCATE voucher',
        'DELETE FROM audit_head',
        'DELETE FROM voucher_stat',
        `UPDATE account_change SET kind = 'role'`,
        'DELETE FROM account_change',
        'UPDATE schema_version SET version = 1',
        'CREATE TABLE mine (a int)',
      ]) {
        await expect(app.query(q), q).rejects.toMatchObject({ code: '42501' });
      }
      // Confirming an account change is the one UPDATE it may make there (the trigger judges the rest).
      await app.query(`UPDATE account_change SET confirmed_by = NULL, confirmed_at = NULL WHERE id = -1`);

      const grants = (
        await owner.query<{ table_name: string; privilege_type: string }>(
          `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = $1`,
          [APP_ROLE],
        )
      ).rows;
      const has = (table: string, right: string) =>
        grants.some((g) => g.table_name === table && g.privilege_type === right);
      expect(grants.filter((g) => ['TRUNCATE', 'REFERENCES', 'TRIGGER'].includes(g.privilege_type))).toEqual([]);
      // Every table whose triggers refuse UPDATE or DELETE is append-only in the rights as well.
      const guarded = (
        await owner.query<{ table: string; event: string }>(
          `SELECT c.relname AS table, CASE WHEN t.tgtype & 8 <> 0 THEN 'DELETE' ELSE 'UPDATE' END AS event
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND t.tgname ~ '_no_(update|delete)$'`,
        )
      ).rows;
      expect(guarded.length).toBeGreaterThan(6);
      for (const { table, event } of guarded) expect(has(table, event), `${event} on ${table}`).toBe(false);
      // Every table is readable, and the ones APP_RIGHTS does not restrict are fully writable.
      const tables = (
        await owner.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()`)
      ).rows;
      for (const { t } of tables) {
        expect(has(t, 'SELECT'), `SELECT on ${t}`).toBe(true);
        if (!(t in APP_RIGHTS))
          for (const r of ['INSERT', 'UPDATE', 'DELETE']) expect(has(t, r), `${r} on ${t}`).toBe(true);
      }
    });

    it('moves identity sequences past ids copied in, as SQLite rowids would continue', async () => {
      const c = await database(TEMPLATE_DB);
      await c.query(`INSERT INTO institution (id, code, name) VALUES (41, 'I41', '甲')`);
      await c.query(`INSERT INTO issue_batch (id, created_at, size) VALUES (7, 'now', 0)`);
      const moved = await resetSequences(c);
      expect(moved).toEqual(expect.arrayContaining(['institution.id', 'audit_log.id', 'plan.id']));
      const ids = [
        (await c.query(`INSERT INTO institution (code, name) VALUES ('I42', '乙') RETURNING id`)).rows[0].id,
        (await c.query(`INSERT INTO issue_batch (created_at, size) VALUES ('now', 0) RETURNING id`)).rows[0].id,
        (
          await c.query(
            `INSERT INTO plan (code, name, lead_unit, kind) VALUES ('x', '新计划', '县人社局', 'training') RETURNING id`,
          )
        ).rows[0].id,
        (
          await c.query(
            `INSERT INTO audit_witness (kind, install_id, row_id, hash, at, keyed_from, kid, payload, signature)
                      VALUES ('manual', 'i', 0, $1, 'now', 1, 'k', '{}', 's') RETURNING id`,
            ['b'.repeat(64)],
          )
        ).rows[0].id,
      ];
      expect(ids).toEqual([42, 8, 18, 1]);
      expect(PG_BASELINE.sql).toMatch(/setval/);
    });
  },
);
