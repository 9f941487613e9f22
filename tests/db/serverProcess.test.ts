// The county server as `npm run server` starts it (electron/host/serverMain.ts in a process of its
// own, real TLS): the API answered by its two dispatcher threads, a login good on both, a retried
// write applied once, a registration found by the next search, and a clean stop on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';
import { startServerProcess, type ServerProcess } from '../fixtures/serverProcess';

let t: TestEnv;
let server: ServerProcess;

beforeAll(async () => {
  t = await makeTestEnv();
  // On UTC whatever this machine's zone, so that the warning below is seen wherever the suite runs.
  server = await startServerProcess(t.file, t.dir, { TZ: 'UTC' });
}, 120_000);

afterAll(async () => {
  if (server.process.exitCode === null) server.process.kill('SIGKILL');
  await t.close();
});

describe('npm run server', () => {
  let token = '';

  it('answers a login, a write retried with its Idempotency-Key once, and the next search', async () => {
    // The API on its two threads, not the in-process fallback (which would pass the rest as well).
    expect(server.output()).toContain('接口由读、写两个数据处理线程应答');
    // A server on UTC counts its days eight hours behind the schools' installs: it says so.
    expect(server.output()).toContain('本机时区不是中国标准时间（UTC+8）');
    const login = await server.call('/api/auth:login', { username: 'admin', password: PASSWORD });
    expect(login.body.ok).toBe(true);
    token = login.body.value.token;
    const auth = { 'X-Session-Token': token };
    const input = workerInput({ seq: 401, name: '赵六' });
    const key = { ...auth, 'Idempotency-Key': 'server-process-key-0001' };
    const first = await server.call('/api/worker:create', input, key);
    const again = await server.call('/api/worker:create', input, key);
    expect(first.body.ok).toBe(true);
    expect(again.body).toEqual(first.body);
    expect(await t.count('worker')).toBe(1);
    // Searches and opened records are the reading thread's; the session and the row are the same.
    const found = await server.call('/api/worker:search', { q: '赵六' }, auth);
    expect(found.body.value.items.map((w) => w.id)).toEqual([first.body.value.id]);
    const opened = await server.call('/api/worker:get', { id: first.body.value.id }, auth);
    expect(opened.body.value).toMatchObject({ name: '赵六', masked: true });
  });

  it('ends a session on every thread at logout', async () => {
    const auth = { 'X-Session-Token': token };
    expect((await server.call('/api/auth:logout', {}, auth)).body.ok).toBe(true);
    const after = await server.call('/api/worker:search', { q: '赵' }, auth);
    expect(after.body.ok).toBe(false);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('stops cleanly on SIGTERM', async () => {
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('已停止');
  }, 30_000);
});
