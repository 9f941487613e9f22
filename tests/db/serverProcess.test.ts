// The county server as `npm run server` starts it (electron/host/serverMain.ts in a process of its
// own, real TLS): the API answered by its two dispatcher threads, a login good on both, a retried
// write applied once, a registration found by the next search, and a clean stop on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeServerCert, type ServerCert } from '../../electron/host/serverCert';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let cert: ServerCert;
let port: number;
let server: ChildProcess;
let output = '';

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

/** The answers this test reads, loosely: only the fields it looks at. */
interface Answer {
  ok: boolean;
  value: { token: string; id: number; items: { id: number }[]; name: string; masked: boolean };
  error: { code: string; message: string };
}

function call(path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: Answer }>((ok, fail) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: data === undefined ? 'GET' : 'POST',
        ca: cert.cert,
        servername: '127.0.0.1',
        headers: { ...(data ? { 'Content-Type': 'application/json' } : {}), ...headers },
        timeout: 20_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

beforeAll(async () => {
  t = await makeTestEnv();
  cert = await makeServerCert(['127.0.0.1']);
  writeFileSync(join(t.dir, 'cert.pem'), cert.cert);
  writeFileSync(join(t.dir, 'key.pem'), cert.key, { mode: 0o600 });
  port = await freePort();
  // node itself (not npx) so that SIGTERM reaches the server as systemd would send it.
  server = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/serverMain.ts', '--db', t.file, '--listen', `127.0.0.1:${port}`,
      '--tls-cert', join(t.dir, 'cert.pem'), '--tls-key', join(t.dir, 'key.pem')], // prettier-ignore
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const until = Date.now() + 90_000;
  for (;;) {
    const up = await call('/health').catch(() => null);
    if (up?.status === 200) break;
    if (Date.now() > until || server.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 120_000);

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await t.close();
});

describe('npm run server', () => {
  let token = '';

  it('answers a login, a write retried with its Idempotency-Key once, and the next search', async () => {
    // The API on its two threads, not the in-process fallback (which would pass the rest as well).
    expect(output).toContain('接口由读、写两个数据处理线程应答');
    const login = await call('/api/auth:login', { username: 'admin', password: PASSWORD });
    expect(login.body.ok).toBe(true);
    token = login.body.value.token;
    const auth = { 'X-Session-Token': token };
    const input = workerInput({ seq: 401, name: '赵六' });
    const key = { ...auth, 'Idempotency-Key': 'server-process-key-0001' };
    const first = await call('/api/worker:create', input, key);
    const again = await call('/api/worker:create', input, key);
    expect(first.body.ok).toBe(true);
    expect(again.body).toEqual(first.body);
    expect(await t.count('worker')).toBe(1);
    // Searches and opened records are the reading thread's; the session and the row are the same.
    const found = await call('/api/worker:search', { q: '赵六' }, auth);
    expect(found.body.value.items.map((w) => w.id)).toEqual([first.body.value.id]);
    const opened = await call('/api/worker:get', { id: first.body.value.id }, auth);
    expect(opened.body.value).toMatchObject({ name: '赵六', masked: true });
  });

  it('ends a session on every thread at logout', async () => {
    const auth = { 'X-Session-Token': token };
    expect((await call('/api/auth:logout', {}, auth)).body.ok).toBe(true);
    const after = await call('/api/worker:search', { q: '赵' }, auth);
    expect(after.body.ok).toBe(false);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((ok) => server.once('exit', (code) => ok(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('已停止');
  }, 30_000);
});
