// The PostgreSQL schema's version, migrations and the app role's rights. PostgreSQL has no
// user_version, so a one-row schema_version table keeps it. An empty database gets the baseline (the
// whole schema up to the version it names) and then every later migration's `pg`, one transaction
// each, so that a failure leaves the database at the last version that completed. Run as the role
// that owns the schema, never as the app's login role (grantAppRights gives that one less).
import pg from 'pg';
import { AppError } from '../core/errors';
import { newerSchemaMessage, type Migration } from './migration';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { PG_BASELINE, type PgBaseline } from './migrations/pg/baseline';

/** A connected client or a pool (a client is taken from it for the duration). */
export type PgTarget = pg.Pool | pg.ClientBase;

/** Names the advisory lock that lets one process migrate while others starting at once wait. */
const MIGRATE_LOCK_KEY = 7_052_313;

export interface MigratePgOptions {
  target?: number;
  migrations?: readonly Migration[];
  baseline?: PgBaseline;
  /** The app's login role: its rights are granted again after migrating (new tables need them). */
  appRole?: string;
}

async function withClient<T>(db: PgTarget, fn: (c: pg.ClientBase) => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return fn(db);
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}

async function hasVersionTable(c: pg.ClientBase): Promise<boolean> {
  const r = await c.query<{ t: string | null }>(`SELECT to_regclass('schema_version')::text AS t`);
  return r.rows[0]?.t != null;
}

/** 0 for a database this app never migrated. */
export async function pgSchemaVersion(db: PgTarget): Promise<number> {
  return withClient(db, async (c) => {
    if (!(await hasVersionTable(c))) return 0;
    const r = await c.query<{ version: string | number }>('SELECT version FROM schema_version WHERE id = 1');
    return Number(r.rows[0]?.version ?? 0);
  });
}

async function inTransaction<T>(c: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK_KEY]);
    const out = await fn();
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * A migration runs as the role that owns the schema's tables (schema_version's owner), whoever
 * connected: what it creates is then that role's like everything before it, and what it alters
 * (a function, a trigger) is its own. A superuser, or a member of that role, takes the role for the
 * step's transaction; a superuser's own objects would otherwise be mixed in (a later `db migrate` as
 * the owner could not grant on them, and a function run as its owner would run as the superuser).
 * Anyone else is refused with what to do, where PostgreSQL would fail part-way with a raw error.
 */
async function asSchemaOwner(c: pg.ClientBase): Promise<void> {
  const r = await c.query<{ owner: string; me: string; member: boolean }>(
    `SELECT pg_get_userbyid(relowner) AS owner, current_user AS me, pg_has_role(current_user, relowner, 'MEMBER') AS member
     FROM pg_class WHERE oid = 'schema_version'::regclass`,
  );
  const { owner, me, member } = r.rows[0]!;
  if (owner === me) return;
  if (!member) {
    throw new AppError(
      'FORBIDDEN',
      `数据库的表属于角色 ${owner}，当前角色 ${me} 不能升级它：请以 ${owner}（或超级用户）运行 npm run -s cli -- db migrate --db …`,
    );
  }
  await c.query(`SET LOCAL ROLE ${quoteIdent(owner)}`);
}

/** One step: the baseline or the next migration, or nothing when the database is at `target`. */
async function step(c: pg.ClientBase, target: number, migrations: readonly Migration[], baseline: PgBaseline) {
  return inTransaction(c, async () => {
    // Read under the lock: a process that waited sees what the one before it did.
    if (!(await hasVersionTable(c))) {
      const other = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      if (Number(other.rows[0]?.n) > 0) {
        throw new AppError(
          'CONFLICT',
          '该数据库中已有其他数据表，却没有本程序的版本记录（schema_version），它不是本程序的数据库。请为本程序建一个空数据库。',
        );
      }
      await c.query(baseline.sql);
      await c.query(
        `CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL CHECK (version >= 1))`,
      );
      await c.query('INSERT INTO schema_version (id, version) VALUES (1, $1)', [baseline.version]);
      return true;
    }
    const current = await pgSchemaVersion(c);
    const latest = migrations.at(-1)?.version ?? LATEST_VERSION;
    if (current > latest) throw new AppError('CONFLICT', newerSchemaMessage(current, latest));
    if (current < baseline.version) {
      throw new AppError('INTERNAL', `PostgreSQL 数据库版本 ${current} 低于基线 ${baseline.version}，无法迁移`);
    }
    const next = migrations.find((m) => m.version > current);
    if (!next || next.version > target) return false;
    if (next.pg === undefined) {
      throw new AppError('INTERNAL', `迁移 ${next.version}（${next.name}）没有 PostgreSQL 版本（pg），无法升级`);
    }
    await asSchemaOwner(c);
    await c.query(next.pg);
    await c.query('UPDATE schema_version SET version = $1 WHERE id = 1', [next.version]);
    return true;
  });
}

/**
 * Brings a PostgreSQL database up to `target` (the latest by default) and returns its version. A
 * database from a newer version of the app is refused with the same message as on SQLite.
 */
export async function migratePg(db: PgTarget, opts: MigratePgOptions = {}): Promise<number> {
  const { target = LATEST_VERSION, migrations = MIGRATIONS, baseline = PG_BASELINE } = opts;
  return withClient(db, async (c) => {
    while (await step(c, target, migrations, baseline));
    if (opts.appRole) await grantAppRights(c, opts.appRole);
    return pgSchemaVersion(c);
  });
}

/**
 * What the app's login role may do to each table where it is less than SELECT, INSERT, UPDATE and
 * DELETE. The audit trail and its witnesses are append-only for it (the triggers refuse too, but a
 * right it lacks cannot be worked around by anything it runs). audit_head moves with each audit row
 * (the trigger's upsert, and SELECT … FOR UPDATE to queue writers). An account change may only be
 * confirmed: UPDATE of the two confirmation columns, no DELETE. The tables that triggers keep up to
 * date are upserted, never deleted from (voucher_stat's pending contributions are, at each commit);
 * the seeded reference tables the app never edits are read.
 * TRUNCATE, REFERENCES and TRIGGER are never granted.
 */
export const APP_RIGHTS: Readonly<Record<string, string>> = {
  audit_log: 'SELECT, INSERT',
  audit_witness: 'SELECT, INSERT',
  received_witness: 'SELECT, INSERT',
  audit_head: 'SELECT, INSERT, UPDATE',
  account_change: 'SELECT, INSERT, UPDATE (confirmed_by, confirmed_at)',
  voucher_stat: 'SELECT, INSERT, UPDATE',
  voucher_stat_pending: 'SELECT, INSERT, DELETE',
  worker_skill: 'SELECT, INSERT, UPDATE',
  // 补签 and 更正 are appended; a sign-in is signed out or voided, never deleted.
  attendance_adjustment: 'SELECT, INSERT',
  attendance: 'SELECT, INSERT, UPDATE',
  township: 'SELECT',
  fund_source: 'SELECT',
  plan_subtarget: 'SELECT',
  schema_version: 'SELECT',
  // Read with every write transaction's lock; a new stamp is set only by the catalogue tables'
  // trigger, which runs as the owner (migration 027): the app role could otherwise put an old one back.
  ref_stamp: 'SELECT',
};
const DEFAULT_RIGHTS = 'SELECT, INSERT, UPDATE, DELETE';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Grants `role` the rights of APP_RIGHTS on every table of the current schema (again: idempotent). */
export async function grantAppRights(db: PgTarget, role: string): Promise<void> {
  await withClient(db, async (c) => {
    const schema = (await c.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const tables = await c.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const r = quoteIdent(role);
    const s = quoteIdent(schema);
    const statements = [
      `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
      `REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
      // PostgreSQL 13 and 14 (and clusters upgraded from them) let every role create in schema public:
      // the app role could then put a function or operator there that a trigger's call would pick
      // (a red-team's finding). Only the schema's owner may take it back; anyone else gets a warning
      // from PostgreSQL, and db migrate says what to run (appRoleMayCreate).
      `REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`,
      ...tables.rows.map(
        (t) => `GRANT ${APP_RIGHTS[t.table_name] ?? DEFAULT_RIGHTS} ON ${quoteIdent(t.table_name)} TO ${r}`,
      ),
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    ];
    await c.query('BEGIN');
    try {
      for (const q of statements) await c.query(q);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
}

/** Whether `role` may still create objects in the app's schema (see grantAppRights). */
export async function appRoleMayCreate(db: PgTarget, role: string): Promise<boolean> {
  return withClient(db, async (c) => {
    const r = await c.query<{ ok: boolean }>('SELECT has_schema_privilege($1, current_schema(), $2) AS ok', [
      role,
      'CREATE',
    ]);
    return r.rows[0]!.ok;
  });
}

/**
 * After rows were copied with their ids (migrate-to-pg, a restore), each identity column's sequence
 * continues after the highest id, as SQLite's rowid would. Returns the columns it moved.
 */
export async function resetSequences(db: PgTarget): Promise<string[]> {
  return withClient(db, async (c) => {
    const cols = await c.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`,
    );
    for (const { table_name: t, column_name: col } of cols.rows) {
      await c.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quoteIdent(col)}) FROM ${quoteIdent(t)}), 0) + 1, false)`,
        [quoteIdent(t), col],
      );
    }
    return cols.rows.map((r) => `${r.table_name}.${r.column_name}`);
  });
}

/** 'SELECT, UPDATE (a, b)' → [['SELECT', false], ['UPDATE', true]] (true: a column privilege). */
function parseRights(rights: string): [string, boolean][] {
  return rights.split(/,\s*(?![^()]*\))/).map((p) => [p.replace(/\s*\(.*\)$/, '').trim(), p.includes('(')]);
}

/**
 * The rights the connected role lacks for the app to run (APP_RIGHTS, on every table), as
 * "table: PRIVILEGE": empty for the owner and for a role granted them by grantAppRights. Checked at
 * opening so that a role nobody granted anything gets one clear message, not a raw error mid-way.
 */
export async function missingAppRights(db: PgTarget): Promise<string[]> {
  return withClient(db, async (c) => {
    const tables = await c.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const t: string[] = [];
    const p: string[] = [];
    const col: boolean[] = [];
    for (const { table_name } of tables.rows) {
      for (const [priv, isColumn] of parseRights(APP_RIGHTS[table_name] ?? DEFAULT_RIGHTS)) {
        t.push(table_name);
        p.push(priv);
        col.push(isColumn);
      }
    }
    const r = await c.query<{ t: string; p: string; ok: boolean | number }>(
      `SELECT t, p, CASE WHEN col THEN has_any_column_privilege(quote_ident(t), p)
                         ELSE has_table_privilege(quote_ident(t), p) END AS ok
       FROM unnest($1::text[], $2::text[], $3::boolean[]) AS x(t, p, col)`,
      [t, p, col],
    );
    return r.rows.filter((row) => !row.ok).map((row) => `${row.t}: ${row.p}`);
  });
}

/** What to tell someone whose login role may not do what the app needs (42501 or missing rights). */
export function appRightsMessage(role: string, detail: string): string {
  return (
    `数据库角色 ${role} 没有本程序所需的权限（${detail}）。请由数据库的所有者角色运行：` +
    `npm run -s cli -- db migrate --db <所有者的连接地址> --app-role ${role}，为它授权后再启动。`
  );
}
