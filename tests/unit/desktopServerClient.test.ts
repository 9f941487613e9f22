// Issue 14 §6: the desktop client's certificate pinning and its retries with idempotency keys, with a
// fake Electron (tests/fixtures/fakeDesktop.ts: the main process as index.ts wires it) against REAL
// HTTPS servers on 127.0.0.1 with REAL self-signed certificates made by OpenSSL. The servers here are
// stand-ins that record what reaches them and misbehave on purpose (drop the connection after the
// request, answer 502, say nothing); the forwarding to the real dispatcher is in tests/db/desktopConnected.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_PATTERN } from '../../electron/main/idempotency';
import type { ConnectionState } from '../../shared/contract/connection';
import { startFakeDesktop, type FakeDesktop } from '../fixtures/fakeDesktop';
import { answer, makeCert, startTlsServer, type SeenRequest, type TestCert, type TlsServer } from '../fixtures/tls';

const FAST = { connectTimeoutMs: 1_000, idleTimeoutMs: 1_500, retryDelaysMs: [50, 150], probeEveryMs: 100 };
const SESSION = { user: null, locked: false, needsSetup: false, jurisdiction: '龙陵县', idleLockMinutes: 10 };
const TOKEN = 'server-side-session-token-0123456789';

type Behaviour = (channel: string, nth: number, req: IncomingMessage, res: ServerResponse) => void;

let dir: string;
let certA: TestCert;
let certB: TestCert;
let servers: TlsServer[];
let d: FakeDesktop;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'longling-pin-'));
  certA = makeCert(dir, 'county-server');
  certB = makeCert(dir, 'impostor');
  servers = [];
  d = await startFakeDesktop(dir, { server: FAST });
});
afterEach(async () => {
  await d.close();
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A county server stand-in: auth:session and auth:login answer; `other` decides the rest. */
async function server(
  cert: TestCert,
  other: Behaviour = (_c, _n, _q, res) => answer(res, 200, { ok: true, value: 1 }),
  port = 0,
) {
  const counts = new Map<string, number>();
  const s = await startTlsServer(
    cert,
    (req, res, seen: SeenRequest) => {
      const channel = seen.path.replace(/^\/api\//, '');
      const nth = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, nth);
      if (channel === 'auth:session') return answer(res, 200, { ok: true, value: SESSION });
      if (channel === 'auth:login')
        return answer(res, 200, { ok: true, value: { token: TOKEN, user: { role: 'clerk' } } });
      other(channel, nth, req, res);
    },
    port,
  );
  servers.push(s);
  return s;
}

const connect = (s: TlsServer, fingerprint = certA.fingerprint) =>
  d.invoke('desktop:connection:set', { mode: 'server', server: s.url, fingerprint });
const seenOf = (s: TlsServer, channel: string) => s.seen.filter((r) => r.path === `/api/${channel}`);
const states = () =>
  d.sent.filter((m) => m.channel === 'desktop:connection:state').map((m) => m.args[0] as ConnectionState);

describe('certificate pinning', () => {
  it('refuses a server whose certificate is not the pinned one, naming both fingerprints, and sends it nothing', async () => {
    const impostor = await server(certB);
    const r = (await connect(impostor)) as { ok: false; error: { code: string; message: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(r.error.message).toContain('服务器证书与设置的指纹不符，已拒绝连接');
    expect(r.error.message).toContain(`设置的指纹：${certA.fingerprint}`);
    expect(r.error.message).toContain(`服务器出示的证书指纹：${certB.fingerprint}`);
    expect(impostor.connections).toBe(1); // it was asked who it is, and nothing else
    expect(impostor.seen).toEqual([]);
    expect(existsSync(join(d.userData, 'connection.json'))).toBe(false);
    expect(await d.invoke('desktop:connection:get')).toMatchObject({ ok: true, value: { choice: null } });
  });

  it('a self-signed certificate is trusted when pinned', async () => {
    const county = await server(certA);
    expect(await connect(county)).toEqual({ ok: true, value: true });
    expect(await d.api('auth:session')).toEqual({ ok: true, value: SESSION });
  });

  it('another certificate at the pinned address later gets no request and no token; it is not retried', async () => {
    const county = await server(certA);
    await connect(county);
    expect(await d.api('auth:login', { username: 'clerk1', password: 'Clerk1234' })).toMatchObject({
      ok: true,
      value: { token: '' },
    });
    const port = county.port;
    await county.close();
    const impostor = await server(certB, undefined, port);
    const r = (await d.api('worker:search', { q: '' })) as { ok: false; error: { code: string; message: string } };
    expect(r.error.code).toBe('UNREACHABLE');
    expect(r.error.message).toContain(certA.fingerprint);
    expect(r.error.message).toContain(certB.fingerprint);
    expect(impostor.seen).toEqual([]);
    expect(impostor.connections).toBe(1);
    expect(states().at(-1)).toEqual({ online: false, message: r.error.message });
  });
});

describe('retries with idempotency keys', () => {
  it('a write whose answer was lost (connection dropped after the request) is sent again with the same key', async () => {
    const county = await server(certA, (_channel, nth, req, res) => {
      if (nth === 1) return req.socket.destroy(); // received, done, answer lost
      answer(res, 200, { ok: true, value: { id: 7, attempt: nth } });
    });
    await connect(county);
    await d.api('auth:login', { username: 'clerk1', password: 'Clerk1234' });
    const input = { idNumber: '530523199001011234', name: '张三' };
    expect(await d.api('worker:create', input)).toEqual({ ok: true, value: { id: 7, attempt: 2 } });

    const seen = seenOf(county, 'worker:create');
    expect(seen).toHaveLength(2); // the server saw the key twice
    const [first, second] = seen.map((s) => s.headers['idempotency-key']);
    expect(first).toMatch(IDEMPOTENCY_KEY_PATTERN);
    expect(second).toBe(first);
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([input, input]);
    expect(seen.map((s) => s.headers['x-session-token'])).toEqual([TOKEN, TOKEN]);
    // Said at once (while retrying), then cleared by the answer.
    expect(states()).toEqual([
      {
        online: false,
        message: expect.stringMatching(/^无法连接县级服务器 .*连接中断，未收到服务器的回答，正在重试…$/),
      },
      { online: true },
    ]);
  });

  it('a read is retried too, without a key', async () => {
    const county = await server(certA, (_c, nth, req, res) =>
      nth === 1 ? req.socket.destroy() : answer(res, 200, { ok: true, value: { rows: [], total: 0 } }),
    );
    await connect(county);
    expect(await d.api('worker:search', { q: '' })).toMatchObject({ ok: true });
    const seen = seenOf(county, 'worker:search');
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual([undefined, undefined]);
  });

  it.each([
    [500, { ok: false, error: { code: 'INTERNAL', message: '系统内部错误' } }],
    [503, { ok: false, error: { code: 'BUSY', message: '服务器正在接收其他上传的文件，请稍后重试' } }],
    [409, { ok: false, error: { code: 'CONFLICT', message: '该记录已被他人同时登记' } }],
    [200, { ok: false, error: { code: 'RULE', message: '已有未使用的培训券' } }],
  ])('an answer (HTTP %i with the JSON envelope) is never retried', async (status, body) => {
    const county = await server(certA, (_c, _n, _q, res) => answer(res, status, body));
    await connect(county);
    expect(await d.api('voucher:issue', { workerId: 1, planId: 1 })).toEqual(body);
    expect(seenOf(county, 'voucher:issue')).toHaveLength(1);
  });

  it('502–504 without an answer are retried; after three attempts the page is told, and pressing again reuses the key', async () => {
    let gateway = true;
    const county = await server(certA, (_c, nth, _q, res) => {
      if (!gateway) return answer(res, 200, { ok: true, value: { nth } });
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>502 Bad Gateway</h1>');
    });
    await connect(county);
    const input = { voucherId: 3, institutionId: 2, holderIdNumber: '530523199001011234' };
    const r = (await d.api('redeem:confirm', input)) as { ok: false; error: { code: string; message: string } };
    expect(r.error.code).toBe('UNREACHABLE');
    expect(r.error.message).toMatch(
      /^无法连接县级服务器 https:\/\/127\.0\.0\.1:\d+：服务器暂时无法处理请求（HTTP 502）。/,
    );
    expect(r.error.message).toContain('已输入的内容仍然保留');
    expect(r.error.message).toContain('再次提交不会重复办理');
    const keys = seenOf(county, 'redeem:confirm').map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);

    // The user presses 确认 again: the same call, so the same key (the server may have done it).
    gateway = false;
    expect(await d.api('redeem:confirm', input)).toEqual({ ok: true, value: { nth: 4 } });
    const after = seenOf(county, 'redeem:confirm').map((s) => s.headers['idempotency-key']);
    expect(after[3]).toBe(keys[0]);
    // Answered: the same form sent again later is a new call with a new key.
    await d.api('redeem:confirm', input);
    expect(seenOf(county, 'redeem:confirm')[4]!.headers['idempotency-key']).not.toBe(keys[0]);
  });

  it('a server that says nothing in time is given up and asked again with the same key', async () => {
    const county = await server(certA, (_c, nth, _q, res) => {
      if (nth > 1) answer(res, 200, { ok: true, value: 'late but once' });
      // the first request is left hanging
    });
    await connect(county);
    const started = Date.now();
    expect(await d.api('worker:update', { id: 1 })).toEqual({ ok: true, value: 'late but once' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.idleTimeoutMs);
    const keys = seenOf(county, 'worker:update').map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('no server at the address: said at once, tried three times, and back online by itself when it returns', async () => {
    const county = await server(certA);
    await connect(county);
    const port = county.port;
    await county.close();

    const started = Date.now();
    let settled = false;
    const call = d.api('worker:create', { name: '王五' }).finally(() => (settled = true));
    while (!states().length && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false); // the page was told while the attempts went on
    const r = (await call) as { ok: false; error: { code: string; message: string } };
    expect(states()[0]).toEqual({
      online: false,
      message: expect.stringContaining('服务器拒绝连接（服务未运行，或端口不对），正在重试…'),
    });
    expect(r.error).toMatchObject({ code: 'UNREACHABLE' });
    expect(r.error.message).toContain('服务器拒绝连接');

    const back = await server(certA, undefined, port);
    const deadline = Date.now() + 5_000;
    while (states().at(-1)?.online !== true && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(states().at(-1)).toEqual({ online: true });
    expect(seenOf(back, 'auth:session').length).toBeGreaterThan(0); // the main process asked by itself
    expect(existsSync(d.dbFile)).toBe(false); // and wrote nothing locally meanwhile
  });
});
