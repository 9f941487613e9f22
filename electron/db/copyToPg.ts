// Copying a single machine's SQLite database into an empty PostgreSQL database of the same schema
// version (migrate-to-pg): every table in foreign-key order, every row with its id, in one
// transaction. The target's own triggers are switched off for the copy (as its owner): the rows are
// history that already passed SQLite's same triggers, and the append-only, lifecycle and counter
// triggers would refuse or double-count it (audit_head and voucher_stat are copied as they are).
import type { Database as Sqlite } from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { AppError } from '../core/errors';
import { openRaw } from './connection';
import { redactUrl, WRITE_LOCK_KEY } from './driver/pg';
import { sqliteReader } from './driver/sqlite';
import type { ReadDb } from './driver/types';
import { migrate } from './migrate';
import { quoteIdent } from './pgMigrate';
import { sql, type Sql, type SqlValue } from './sql';

/** A name the schema chose (quoted: some columns are keywords on one engine or the other). */
const id = (name: string): Sql => sql.raw(quoteIdent(name));

/**
 * The tables a freshly migrated PostgreSQL database already holds rows in (the seed of the
 * baseline). An empty target has rows in these only; they are replaced by the source's rows, which
 * may have been edited since (settings, the catalogue).
 */
export const SEEDED_TABLES: ReadonlySet<string> = new Set([
  'setting',
  'township',
  'plan',
  'plan_group',
  'plan_subtarget',
  'occupation',
  'subsidy_standard',
  'fund_source',
  'level_min_hours',
  'schema_version',
  'ref_stamp',
]);

export { redactUrl };

export interface MigrationSource {
  conn: Sqlite;
  reader: ReadDb;
  version: number;
  close(): void;
}

/**
 * A consistent snapshot of `file` in `dir` through SQLite's backup API, migrated to this version:
 * the file itself is never changed, and what is copied is one moment of it.
 */
export async function snapshotSqlite(file: string, dir: string): Promise<MigrationSource> {
  const snapshot = join(dir, 'snapshot.db');
  const src = openRaw(file, { readonly: true, fileMustExist: true });
  try {
    await src.backup(snapshot);
  } catch (e) {
    throw new AppError('VALIDATION', `无法读取数据库文件 ${file}：${(e as Error).message}`);
  } finally {
    src.close();
  }
  const conn = openRaw(snapshot, { fileMustExist: true });
  try {
    conn.pragma('foreign_keys = ON');
    const version = migrate(conn);
    return { conn, reader: sqliteReader(conn), version, close: () => conn.close() };
  } catch (e) {
    conn.close();
    throw e;
  }
}

/** A single connection to the target, as the role that will own its tables. */
export async function connectPgOwner(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'longling-migrate' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new AppError('VALIDATION', `无法连接 ${redactUrl(url)}：${(e as Error).message}`);
  }
  return client;
}

/** PostgreSQL takes at most 65535 parameters per statement; a few thousand rows per INSERT is plenty. */
const MAX_PARAMS = 60_000;
const MAX_ROWS = 2_000;

async function q<T extends pg.QueryResultRow = pg.QueryResultRow>(c: pg.ClientBase, s: Sql): Promise<T[]> {
  return (await c.query<T>(s.render('pg'))).rows;
}

/** The base tables of the current schema. */
export async function pgTables(c: pg.ClientBase): Promise<string[]> {
  const rows = await q<{ t: string }>(
    c,
    sql`SELECT table_name AS t FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.t);
}

async function pgCount(c: pg.ClientBase, table: string): Promise<number> {
  const rows = await q<{ n: string | number }>(c, sql`SELECT count(*) AS n FROM ${id(table)}`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Why the target is not empty (its tables that hold rows a fresh migration does not put there), or
 * null. A database the app has opened once is not empty: it bound a secret and wrote audit rows.
 */
export async function nonEmptyReason(c: pg.ClientBase): Promise<string | null> {
  const tables = await pgTables(c);
  const hasVersion = tables.includes('schema_version');
  if (!hasVersion) {
    return tables.length === 0 ? null : `已有 ${tables.length} 张数据表，却没有本程序的版本记录（schema_version）`;
  }
  const full: string[] = [];
  for (const t of tables) {
    if (SEEDED_TABLES.has(t)) continue;
    const n = await pgCount(c, t);
    if (n > 0) full.push(`${t}（${n} 行）`);
  }
  const bound = await q(c, sql`SELECT 1 FROM setting WHERE key = 'installSecretId'`);
  if (bound.length > 0) full.unshift('setting（已绑定密钥文件：本程序已打开过它）');
  return full.length === 0 ? null : `已有数据：${full.slice(0, 5).join('、')}${full.length > 5 ? ' 等' : ''}`;
}

/** Parent tables before their children (self-references are met by copying in id order). */
async function dependencyOrder(c: pg.ClientBase, tables: readonly string[]): Promise<string[]> {
  const edges = await q<{ child: string; parent: string }>(
    c,
    sql`SELECT ch.relname AS child, pa.relname AS parent
        FROM pg_constraint k
        JOIN pg_class ch ON ch.oid = k.conrelid
        JOIN pg_class pa ON pa.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = ch.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new AppError('INTERNAL', `数据表 ${t} 的外键成环，无法确定复制顺序`);
    state.set(t, 'visiting');
    for (const p of parents.get(t) ?? []) if (parents.has(p)) visit(p);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return out;
}

/** Columns a row is written with: PostgreSQL's own, less generated ones, that the source has too. */
async function copyColumns(c: pg.ClientBase, src: Sqlite, table: string): Promise<string[]> {
  const pgCols = await q<{ name: string }>(
    c,
    sql`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
        ORDER BY ordinal_position`,
  );
  const srcCols = new Set(
    (src.prepare('SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0').all(table) as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const missing = pgCols.map((r) => r.name).filter((n) => !srcCols.has(n));
  if (missing.length > 0) {
    throw new AppError('INTERNAL', `源数据库的数据表 ${table} 缺少列 ${missing.join('、')}：两边的版本不一致`);
  }
  return pgCols.map((r) => r.name);
}

function sourceTables(src: Sqlite): Set<string> {
  const rows = src
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

function hasRowid(src: Sqlite, table: string): boolean {
  const row = src.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) as
    { sql: string } | undefined;
  return !/WITHOUT\s+ROWID/i.test(row?.sql ?? '');
}

export function sqliteCount(src: Sqlite, table: string): number {
  return src
    .prepare(sql`SELECT count(*) FROM ${id(table)}`.toString())
    .pluck()
    .get() as number;
}

/**
 * PostgreSQL's text cannot hold a NUL, which SQLite stored when a form or an import let one through
 * (before the dispatcher and the imports refused them): such a row is named, with its column, for the
 * admin to correct on the single machine first, instead of the copy failing as a bare database error.
 */
function refuseNulIn(table: string, cols: readonly string[], row: readonly SqlValue[]): void {
  const at = row.findIndex((v) => typeof v === 'string' && v.includes('\u0000'));
  if (at < 0) return;
  throw new AppError(
    'VALIDATION',
    `源数据库的数据表 ${table} 中 ${cols[0]} = ${String(row[0])} 的一行，其 ${cols[at]} 列含有不可见的空字符（NUL），` +
      'PostgreSQL 不能保存。请先在本机改正这条记录，再运行 migrate-to-pg（目标数据库未写入任何数据）。',
  );
}

async function insertBatch(c: pg.ClientBase, table: string, cols: readonly string[], rows: SqlValue[][]) {
  const tuples = rows.map((r) => sql`(${sql.join(r)})`);
  await c.query(sql`INSERT INTO ${id(table)} (${sql.join(cols.map(id))}) VALUES ${sql.join(tuples)}`.render('pg'));
}

export interface CopiedTable {
  table: string;
  rows: number;
}

export interface CopyReport {
  /** In the order they were copied. */
  tables: CopiedTable[];
  /** Tables only PostgreSQL has (its own bookkeeping), left as the migration made them. */
  pgOnly: string[];
}

/**
 * Copies every row of `src` (a SQLite database at the target's schema version, not changing while
 * this runs) into the PostgreSQL database `c` is connected to, as the owner of its tables. One
 * transaction: a failure leaves the target as empty as it was.
 */
export async function copySqliteToPg(
  src: Sqlite,
  c: pg.ClientBase,
  onTable?: (t: CopiedTable) => void,
): Promise<CopyReport> {
  const target = await pgTables(c);
  const inSource = sourceTables(src);
  const extra = [...inSource].filter((t) => !target.includes(t));
  if (extra.length > 0) {
    throw new AppError('INTERNAL', `PostgreSQL 数据库缺少数据表 ${extra.join('、')}：两边的版本不一致`);
  }
  const order = await dependencyOrder(
    c,
    target.filter((t) => inSource.has(t) && t !== 'schema_version'),
  );
  const report: CopyReport = { tables: [], pgOnly: target.filter((t) => !inSource.has(t) && t !== 'schema_version') };
  await c.query('BEGIN');
  try {
    // Waits for (and then holds off) any app process writing to the target meanwhile.
    await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
    for (const t of order) await c.query(sql`ALTER TABLE ${id(t)} DISABLE TRIGGER USER`.render('pg'));
    for (const t of [...order].reverse()) {
      if (SEEDED_TABLES.has(t)) await c.query(sql`DELETE FROM ${id(t)}`.render('pg'));
    }
    for (const t of order) {
      const cols = await copyColumns(c, src, t);
      const per = Math.min(MAX_ROWS, Math.max(1, Math.floor(MAX_PARAMS / cols.length)));
      const byId = hasRowid(src, t) ? sql` ORDER BY rowid` : sql.empty;
      const select = sql`SELECT ${sql.join(cols.map(id))} FROM ${id(t)}${byId}`.toString();
      let batch: SqlValue[][] = [];
      let n = 0;
      for (const row of src.prepare(select).raw().iterate() as Iterable<SqlValue[]>) {
        refuseNulIn(t, cols, row);
        batch.push(row);
        if (batch.length >= per) {
          await insertBatch(c, t, cols, batch);
          n += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await insertBatch(c, t, cols, batch);
      n += batch.length;
      report.tables.push({ table: t, rows: n });
      onTable?.({ table: t, rows: n });
    }
    for (const t of order) await c.query(sql`ALTER TABLE ${id(t)} ENABLE TRIGGER USER`.render('pg'));
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    if ((e as { code?: string }).code === '42501') {
      throw new AppError(
        'VALIDATION',
        `连接 PostgreSQL 所用的角色不是这些数据表的所有者，不能复制（${(e as Error).message}）。请用建库的所有者角色运行 migrate-to-pg。`,
      );
    }
    throw e;
  }
  return report;
}

export interface CountMismatch {
  table: string;
  sqlite: number;
  pg: number;
}

/** Each copied table's rows counted on both sides; the tables whose counts differ. */
export async function compareCounts(
  src: Sqlite,
  c: pg.ClientBase,
  tables: readonly string[],
): Promise<CountMismatch[]> {
  const out: CountMismatch[] = [];
  for (const t of tables) {
    const a = sqliteCount(src, t);
    const b = await pgCount(c, t);
    if (a !== b) out.push({ table: t, sqlite: a, pg: b });
  }
  return out;
}
