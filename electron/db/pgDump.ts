// PostgreSQL's own tools for backups: pg_dump writes a custom-format archive, pg_restore puts one
// back. The connection goes to them through PG* environment variables, never on the command line,
// where another user of the server could read the password in the process list.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { AppError } from '../core/errors';
import { quoteIdent } from './pgMigrate';

/** The folder holding pg_dump and pg_restore: LONGLING_PG_BIN, PATH, pg_config, Debian's folders (newest first). */
export function pgToolDir(): string | null {
  const has = (d: string) => existsSync(join(d, 'pg_dump')) && existsSync(join(d, 'pg_restore'));
  if (process.env.LONGLING_PG_BIN) return has(process.env.LONGLING_PG_BIN) ? process.env.LONGLING_PG_BIN : null;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debian, v, 'bin'))
    : [];
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 5000 });
  const config = fromConfig.status === 0 ? [fromConfig.stdout.trim()] : [];
  // A newer pg_dump reads an older server, not the other way round: Debian's newest first.
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...versions, ...config, ...path].find(has) ?? null;
}

/** The PG* variables for `url` (host, port, user, password, database, and any sslmode). */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const host = u.searchParams.get('host') ?? decodeURIComponent(u.hostname);
  return {
    ...clean,
    ...(host ? { PGHOST: host } : {}),
    ...(u.port ? { PGPORT: u.port } : {}),
    ...(u.username ? { PGUSER: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    ...(u.searchParams.get('sslmode') ? { PGSSLMODE: u.searchParams.get('sslmode')! } : {}),
    PGAPPNAME: 'longling-backup',
  };
}

function tool(name: 'pg_dump' | 'pg_restore'): string {
  const dir = pgToolDir();
  if (!dir)
    throw new AppError(
      'VALIDATION',
      `找不到 PostgreSQL 的 ${name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client），或用 LONGLING_PG_BIN 指定其所在文件夹`,
    );
  return join(dir, name);
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    p.on('error', (e) => reject(new AppError('INTERNAL', `无法运行 ${file}：${e.message}`)));
    p.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new AppError('INTERNAL', `${file.split('/').pop()} 失败：${err.trim().split('\n').slice(-3).join(' ')}`),
        );
    });
  });
}

/** The whole database as one pg_dump archive (custom format: compressed, restorable table by table). */
export function dumpTo(url: string, file: string): Promise<void> {
  return run(tool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], pgEnv(url));
}

/** An archive restored into the (empty) database of `url`, in one transaction: all of it or nothing. */
export function restoreInto(url: string, file: string): Promise<void> {
  return run(
    tool('pg_restore'),
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${pgEnv(url).PGDATABASE}`,
      file,
    ],
    pgEnv(url),
  );
}

/** How many tables the database of `url` holds in its schema (0: empty, ready for a restore or a move). */
export async function tableCount(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

const SCRATCH = /^longling_check_([0-9a-z]{1,12})_[0-9a-z]{1,12}$/;
/** A check takes minutes: a scratch database a day old was left by one that was stopped. */
export const STALE_SCRATCH_MS = 24 * 3_600_000;

/**
 * Drops this login's scratch databases left by checks that never finished (a second Ctrl+C on the
 * county server, a crash), so that they do not pile up for the DBA: only names of our own pattern,
 * owned by this login, and made more than a day ago (the time is in the name).
 */
async function dropStaleScratch(c: pg.Client, now: number): Promise<void> {
  const own = await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE left(datname, 15) = 'longling_check_'
       AND datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
  );
  for (const { datname } of own.rows) {
    const made = SCRATCH.exec(datname);
    if (!made || !(now - parseInt(made[1]!, 36) > STALE_SCRATCH_MS)) continue;
    // Without FORCE: one still in use (a check running elsewhere, whose clock is ahead of ours)
    // refuses, and is left to a later check; as is one already gone.
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`).catch(() => undefined);
  }
}

/**
 * A temporary database beside the one of `url` (same server, same login), for checking a backup by
 * restoring it; drop() removes it. The login needs the CREATEDB right.
 */
export async function scratchDatabase(url: string, now = Date.now()): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `longling_check_${now.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new URL(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await dropStaleScratch(c, now);
    await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `无法建临时数据库来校验备份（${(e as Error).message}）：请给备份所用的数据库账号 CREATEDB 权限，或用 --check-db 指定一个空数据库`,
    );
  } finally {
    await c.end();
  }
  admin.pathname = `/${name}`;
  return {
    url: admin.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      try {
        await d.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await d.end();
      }
    },
  };
}
