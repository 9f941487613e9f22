// Stopping the county server while a write cannot finish (the writers' lock held elsewhere, as by a
// stuck session or a database gone silent): the first SIGTERM waits for requests in progress, as a
// graceful stop should. On PostgreSQL, where that wait has no end of its own, a second one ends the
// process at once (before, it was ignored and only SIGKILL ended it); on SQLite the wait ends with
// the busy timeout, and the second signal is told so. The write abandoned is not half-kept.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS } from '../../electron/db/connection';
import { WRITE_LOCK_KEY } from '../../electron/db/driver/pg';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';
import { startServerProcess, type ServerProcess } from '../fixtures/serverProcess';

let t: TestEnv;
let server: ServerProcess;

beforeAll(async () => {
  t = await makeTestEnv();
  // In China Standard Time, as a county server should be: it starts without the time-zone warning.
  server = await startServerProcess(t.file, t.dir, { TZ: 'Asia/Shanghai' });
}, 120_000);

afterAll(async () => {
  if (server.process.exitCode === null) server.process.kill('SIGKILL');
  await t.close();
});

/** Takes the writers' lock from outside the server until `release` is called. */
async function holdWriters(): Promise<() => Promise<void>> {
  if (t.engine === 'pg') {
    const c = new pg.Client({ connectionString: t.ownerFile });
    await c.connect();
    await c.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK_KEY]);
    return async () => {
      await c.query('SELECT pg_advisory_unlock_all()');
      await c.end();
    };
  }
  const raw = new Database(t.file);
  raw.exec('BEGIN IMMEDIATE');
  return async () => {
    raw.exec('ROLLBACK');
    raw.close();
  };
}

describe('stopping the server while a write waits', () => {
  it('waits at the first SIGTERM; at the second, PostgreSQL exits at once and SQLite says how long', async () => {
    expect(server.output()).not.toContain('本机时区不是中国标准时间');
    const login = await server.call('/api/auth:login', { username: 'admin', password: PASSWORD });
    const auth = { 'X-Session-Token': login.body.value.token };
    const before = await t.count('worker');
    const release = await holdWriters();
    try {
      const write = server.call('/api/worker:create', workerInput({ seq: 777 }), auth).catch(() => null);
      await new Promise((r) => setTimeout(r, 500));
      server.process.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
      expect(server.output()).toContain('正在停止');
      expect(server.process.exitCode).toBeNull();
      const t0 = Date.now();
      server.process.kill('SIGTERM');
      if (t.engine === 'pg') {
        // The lock is held for as long as the test likes: only the second signal ends the wait.
        expect(await server.exited).toBe(1);
        expect(Date.now() - t0).toBeLessThan(5000);
        expect(server.output()).toContain('立即退出');
      } else {
        // SQLite's wait ends by itself (SQLITE_BUSY after the busy timeout), then the stop completes.
        await new Promise((r) => setTimeout(r, 500));
        expect(server.output()).toContain(`每条等锁最多 ${BUSY_TIMEOUT_MS / 1000} 秒`);
        expect(await server.exited).toBe(0);
        expect(Date.now() - t0).toBeLessThan(BUSY_TIMEOUT_MS + 5000);
        expect(server.output()).toContain('已停止');
        expect((await write)?.body.error.code).toBe('BUSY');
      }
      await write;
    } finally {
      await release();
    }
    expect(await t.count('worker')).toBe(before);
  }, 60_000);
});
