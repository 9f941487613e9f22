// Issue 15 §4: `cli migrate-to-pg` moves a single machine's database (made by `cli demo`: workers,
// vouchers in every state, classes, settlements, recoveries, keys, users, the audit log) into an
// empty PostgreSQL database: every table's rows with their ids, the audit chain verifying there under
// the same secret, a voucher still verifying, the server's role unable to rewrite the audit log. A
// non-empty target is refused, and a role nobody granted rights is told so in Chinese. Skips with a
// one-line reason where PostgreSQL is not installed.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCli } from '../../electron/cli/runtime';
import { defaultSecretPath } from '../../electron/core/secrets';
import { quoteIdent } from '../../electron/db/pgMigrate';
import {
  APP_ROLE,
  getCluster,
  pgAvailable,
  TEMPLATE_DB,
  testDatabaseName,
  type PgCluster,
} from '../fixtures/pgCluster';

const available = pgAvailable();
const dir = mkdtempSync(join(tmpdir(), 'longling-m2pg-'));
const file = join(dir, 'single.db');
/** The child processes' user data folder: where a server database's secret is looked for. */
const config = join(dir, 'config');
const childEnv = { XDG_CONFIG_HOME: config, LONGLING_ADMIN_PASSWORD: 'Passw0rd123', LONGLING_KEY_PASSPHRASE: '' };

function cli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...childEnv };
  delete env.LONGLING_SECRET_FILE;
  delete env.LONGLING_DB;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], {
    encoding: 'utf8',
    env,
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe.skipIf(!available.ok)(`cli migrate-to-pg${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  let cluster: PgCluster;
  const names: string[] = [];
  const clients: pg.Client[] = [];
  const savedConfig = process.env.XDG_CONFIG_HOME;
  const savedSecret = process.env.LONGLING_SECRET_FILE;

  async function client(url: string): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  }

  async function database(template?: string): Promise<{ name: string; url: string }> {
    const name = testDatabaseName('m2pg');
    names.push(name);
    return { name, url: await cluster.createDatabase(name, template) };
  }

  beforeAll(async () => {
    cluster = await getCluster();
    const demo = cli(['demo', '--db', file, '--workers', '30', '--seed', '7', '--admin', 'me']);
    if (demo.code !== 0) throw new Error(demo.stderr || demo.stdout);
    // In this process too, a server database's secret is looked for under the test's folder.
    process.env.XDG_CONFIG_HOME = config;
    delete process.env.LONGLING_SECRET_FILE;
  }, 300_000);

  afterAll(async () => {
    if (savedConfig === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedConfig;
    if (savedSecret !== undefined) process.env.LONGLING_SECRET_FILE = savedSecret;
    for (const c of clients) await c.end().catch(() => undefined);
    for (const n of names) await cluster?.dropDatabase(n);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row with its ids, verifies the chain, and the server opens it as its app role', async () => {
    const { name, url } = await database();
    const r = cli(['migrate-to-pg', '--from', file, '--db', url, '--app-role', APP_ROLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('审计链在 PostgreSQL 上校验通过');
    expect(r.stdout).toContain('不要再用它');
    expect(existsSync(defaultSecretPath(url))).toBe(true);

    // Every table of the file: the same rows on PostgreSQL (ids, hashes, serials compared in full).
    const src = new Database(file, { readonly: true });
    const owner = await client(url);
    try {
      const tables = (
        src.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all() as {
          name: string;
        }[]
      ).map((t) => t.name);
      expect(tables.length).toBeGreaterThan(40);
      for (const t of tables) {
        const a = src
          .prepare(`SELECT count(*) FROM ${quoteIdent(t)}`)
          .pluck()
          .get();
        const b = (await owner.query(`SELECT count(*)::int AS n FROM ${quoteIdent(t)}`)).rows[0].n;
        expect({ t, n: b }).toEqual({ t, n: a });
      }
      for (const [t, cols] of [
        ['audit_log', 'id, prev_hash, hash, action'],
        ['voucher', 'id, serial, status, worker_id'],
        ['settlement_batch', 'id, number, status, total_fen'],
        ['subsidy_recovery', 'id, amount_fen, voucher_id'],
      ] as const) {
        const a = src.prepare(`SELECT ${cols} FROM ${t} ORDER BY id`).all();
        const b = (await owner.query(`SELECT ${cols} FROM ${t} ORDER BY id`)).rows;
        expect(a.length).toBeGreaterThan(0);
        expect(b).toEqual(a);
      }
      // The triggers are back on after the copy.
      const off = await owner.query(
        `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D' AND tgrelid::regclass::text NOT LIKE 'pg_%'`,
      );
      expect(off.rows).toEqual([]);
    } finally {
      src.close();
    }

    // The app role: reads the chain as verified, opens the database, verifies a voucher, may not
    // rewrite the audit log.
    const appUrl = cluster.url(name, APP_ROLE);
    const verify = cli(['audit', 'verify', '--db', appUrl, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, keyChecked: true });
    const app = await openCli(appUrl);
    try {
      const issued = await app.call('voucher:list', { q: '', status: 'issued', page: 1, pageSize: 5 });
      expect(issued.items.length).toBeGreaterThan(0);
      const v = await app.call('voucher:get', { id: issued.items[0]!.id });
      const checked = await app.call('voucher:verify', { text: v.qrText ?? '' });
      expect(checked).toMatchObject({ valid: true, kind: 'voucher', serial: v.serial });
    } finally {
      await app.close();
    }
    const asApp = await client(appUrl);
    for (const q of ['UPDATE audit_log SET action = action', 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(asApp.query(q)).rejects.toMatchObject({ code: '42501' });
    }
    // The chain still verifies after the app appended to it on PostgreSQL.
    expect(JSON.parse(cli(['audit', 'verify', '--db', appUrl, '--json']).stdout)).toMatchObject({ ok: true });
    // And the moved database backs up the server's way: a pg_dump archive restored and verified.
    const backup = cli(['backup', '--db', url, '--out', join(dir, 'moved.dump'), '--json']);
    expect(backup.stderr).toBe('');
    expect(JSON.parse(backup.stdout)).toMatchObject({ ok: true, audit: { ok: true } });
  }, 240_000);

  it('refuses a target that holds data, and leaves it as it was', async () => {
    const { url } = await database(TEMPLATE_DB);
    const owner = await client(url);
    await owner.query(`INSERT INTO institution (id, code, name) VALUES (99, 'X99', '别的机构')`);
    const r = cli(['migrate-to-pg', '--from', file, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不是空的');
    expect(r.stderr).toContain('institution（1 行）');
    expect((await owner.query('SELECT count(*)::int AS n FROM voucher')).rows[0].n).toBe(0);
    expect(existsSync(defaultSecretPath(url))).toBe(false);
  }, 120_000);

  it('names a row holding a NUL (PostgreSQL cannot store one) and leaves the target empty', async () => {
    const { url } = await database();
    const withNul = join(dir, 'nul.db');
    copyFileSync(file, withNul);
    copyFileSync(`${file}.secret`, `${withNul}.secret`);
    const raw = new Database(withNul);
    const id = raw.prepare('SELECT min(id) FROM worker').pluck().get() as number;
    raw.prepare("UPDATE worker SET village = '白塔' || char(0) || '村' WHERE id = ?").run(id);
    raw.close();
    const r = cli(['migrate-to-pg', '--from', withNul, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`数据表 worker 中 id = ${id} 的一行，其 village 列含有不可见的空字符（NUL）`);
    const owner = await client(url);
    expect((await owner.query('SELECT count(*)::int AS n FROM worker')).rows[0].n).toBe(0);
  }, 120_000);

  it('copies into a database the owner migrated beforehand with db migrate', async () => {
    const { url } = await database();
    const m = cli(['db', 'migrate', '--db', url, '--app-role', APP_ROLE]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`已为角色 ${APP_ROLE} 授权`);
    const r = cli(['migrate-to-pg', '--from', file, '--db', url, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ audit: { ok: true } });
  }, 120_000);

  it('tells a role without rights who can grant them, instead of a raw PostgreSQL error', async () => {
    const { name } = await database(TEMPLATE_DB);
    const admin = await client(cluster.url('postgres'));
    await admin.query(
      `DO $$ BEGIN CREATE ROLE longling_nobody LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    const r = cli(['report', 'targets', '--db', cluster.url(name, 'longling_nobody')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库角色 longling_nobody 没有本程序所需的权限');
    expect(r.stderr).toContain('db migrate');
    const missing = cli(['db', 'migrate', '--db', cluster.url(name), '--app-role', 'no_such_role']);
    expect(missing.stderr).toContain('数据库中没有角色 no_such_role');
  }, 120_000);
});
