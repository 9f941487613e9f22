// The county server at its edge (issue 14 §1, §4, §6): real TLS with a certificate from
// `cli server cert`, refusals in Chinese, the --allow ranges, Host/Origin names, login throttling
// per address, idempotency keys and the client recorded in the audit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host, type HostOptions } from '../../electron/host/server';
import { makeServerCert, type ServerCert } from '../../electron/host/serverCert';
import { ADDRESS_MAX_FAILURES } from '../../electron/core/loginThrottle';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let cert: ServerCert;
let staticDir: string;
const hosts: Host[] = [];

beforeAll(async () => {
  t = await makeTestEnv();
  cert = await makeServerCert(['longling.local', '127.0.0.1']);
  staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
});
afterAll(async () => {
  for (const h of hosts) await h.stop(1000);
  await t.close();
});

async function serve(opts: HostOptions = {}): Promise<Host> {
  const h = await startHost(t.env, { port: 0, staticDir, tls: { cert: cert.cert, key: cert.key }, ...opts });
  hosts.push(h);
  return h;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  h: Host,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; method?: string; host?: string } = {},
): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: h.port,
        path,
        method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
        ca: cert.cert,
        servername: 'longling.local',
        headers: {
          Host: opts.host ?? `127.0.0.1:${h.port}`,
          ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

const login = (h: Host, username: string, password = PASSWORD) =>
  call(h, '/api/auth:login', { body: { username, password } });

describe('the county server over TLS', () => {
  it('answers over HTTPS with the certificate clients pin, HSTS and no caching of API answers', async () => {
    const h = await serve();
    expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await login(h, 'admin');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
    expect(r.headers['strict-transport-security']).toContain('max-age=');
    expect(r.headers['cache-control']).toBe('no-store');
    const fingerprint = await new Promise<string>((ok, fail) => {
      const s = connect({ host: '127.0.0.1', port: h.port, ca: cert.cert, servername: 'longling.local' }, () => {
        ok(s.getPeerX509Certificate()!.fingerprint256);
        s.end();
      });
      s.on('error', fail);
    });
    expect(fingerprint).toBe(cert.fingerprint256);
  });

  it('tells a plain-HTTP client on the TLS port to use https://', async () => {
    const h = await serve();
    const r = await new Promise<Answer>((ok, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: h.port, path: '/', headers: { Host: `127.0.0.1:${h.port}` } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain(`请使用 https://127.0.0.1:${h.port}/ 访问`);
  });

  it('has a health endpoint that says only whether the database answers', async () => {
    const h = await serve();
    const r = await call(h, '/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { status: 'ok' } });
  });

  it('refuses to listen beyond loopback without TLS, in the host and at the command line', async () => {
    await expect(startHost(t.env, { port: 0, listen: '0.0.0.0', staticDir })).rejects.toThrow(/只能在本机地址上监听/);
    const r = spawnSync(
      'npx',
      ['tsx', 'electron/host/serverMain.ts', '--db', join(t.dir, 'x.db'), '--listen', '0.0.0.0:0'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('拒绝启动：未提供 --tls-cert/--tls-key 时只能监听本机地址');
  });

  it('refuses an address outside --allow, and accepts one inside', async () => {
    const outside = await serve({ allow: ['10.0.0.0/8'] });
    const r = await login(outside, 'admin');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toBe('此电脑的网络地址不在允许访问的范围内');
    const inside = await serve({ allow: ['10.0.0.0/8', '127.0.0.0/8'] });
    expect((await login(inside, 'admin')).status).toBe(200);
  });

  it('answers only the configured names, and only same-origin pages', async () => {
    const h = await serve({ names: ['longling.local'] });
    expect((await login(h, 'admin')).status).toBe(200);
    const named = await call(h, '/api/auth:login', {
      body: { username: 'admin', password: PASSWORD },
      host: `longling.local:${h.port}`,
      headers: { Origin: `https://longling.local:${h.port}` },
    });
    expect(named.status).toBe(200);
    const rebound = await call(h, '/api/auth:login', {
      body: { username: 'admin', password: PASSWORD },
      host: `evil.example:${h.port}`,
    });
    expect(rebound.status).toBe(403);
    const crossSite = await call(h, '/api/auth:login', {
      body: { username: 'admin', password: PASSWORD },
      headers: { Origin: `https://evil.example` },
    });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).error.message).toBe('请求的主机名或来源不被本服务接受');
  });
});

describe('login throttling per client address', () => {
  it('counts wrong passwords across usernames and then refuses the address with HTTP 429 in Chinese', async () => {
    const h = await serve({ throttleLogins: true });
    await t.loginAs('clerk', 'throttled1');
    const wrong = await login(h, 'throttled1', 'not the password');
    expect(wrong.status).toBe(200);
    expect(JSON.parse(wrong.body).error.code).toBe('UNAUTHENTICATED');
    await login(h, 'nobody-at-all', 'not the password');
    const now = t.clock.now().getTime();
    // Two real failures so far; the rest of the quota is spent directly (each later one waits up to 2 s).
    for (let i = 2; i < ADDRESS_MAX_FAILURES; i++) await t.env.throttle.failed('127.0.0.1', now);
    const refused = await login(h, 'admin');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect(JSON.parse(refused.body).error.message).toMatch(/^此电脑登录失败次数过多，已暂停登录。请 15 分钟后再试/);
    // The right password does not lift the block: the address waits its time out.
    t.clock.advance(16 * 60_000);
    expect((await login(h, 'admin')).status).toBe(200);
  });
});

describe('writes over the server', () => {
  it('applies a write retried with the same Idempotency-Key once, and records the client in the audit', async () => {
    const h = await serve();
    const token = JSON.parse((await login(h, 'admin')).body).value.token as string;
    const headers = { 'X-Session-Token': token, 'Idempotency-Key': 'retry-key-0123456789', 'X-Client-Kind': 'desktop' };
    const body = {
      username: 'window2',
      displayName: '二号窗口',
      role: 'clerk',
      institutionId: null,
      password: PASSWORD,
    };
    const first = JSON.parse((await call(h, '/api/user:create', { body, headers })).body);
    const again = JSON.parse((await call(h, '/api/user:create', { body, headers })).body);
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(await t.db.value("SELECT count(*) FROM app_user WHERE username = 'window2'")).toBe(1);
    const row = await t.db.get<{ client_address: string; client_kind: string }>(
      "SELECT client_address, client_kind FROM audit_log WHERE action = 'create' AND entity = 'user' ORDER BY id DESC LIMIT 1",
    );
    expect(row).toEqual({ client_address: '127.0.0.1', client_kind: 'desktop' });
    const otherChannel = JSON.parse(
      (await call(h, '/api/user:setDisabled', { body: { id: first.value.id, disabled: true }, headers })).body,
    );
    expect(otherChannel.error.message).toContain('已用于另一项操作');
  });

  it('caps the requests one client has open at once', async () => {
    const h = await serve({ maxPerClient: 1 });
    // The first request's body never finishes: it holds its place.
    const held = httpsRequest({
      host: '127.0.0.1',
      port: h.port,
      path: '/api/auth:login',
      method: 'POST',
      ca: cert.cert,
      servername: 'longling.local',
      headers: { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json', 'Content-Length': '100' },
    });
    held.on('error', () => {});
    held.write('{"username":');
    await new Promise((r) => setTimeout(r, 200));
    const second = await login(h, 'admin');
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body).error.message).toBe('来自本机的请求过多，请稍候再试');
    held.destroy();
  });

  it('stops cleanly: a request in flight still gets its answer', async () => {
    const h = await serve();
    const pending = login(h, 'admin');
    await new Promise((r) => setTimeout(r, 5));
    const stopped = h.stop(5000);
    expect((await pending).status).toBe(200);
    await stopped;
    await expect(login(h, 'admin')).rejects.toThrow();
  });
});
