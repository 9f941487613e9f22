// The county server's edge seen from an allowed machine (issue 14 §1, §4): headers on the page
// itself, path tricks on the static files, Host/Origin tricks, and the client an IPv6 machine is
// counted as when it changes address within its own /64.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey, PerClient } from '../../electron/host/edge';
import { startHost, type Host } from '../../electron/host/server';
import { makeServerCert, type ServerCert } from '../../electron/host/serverCert';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let cert: ServerCert;
let h: Host;

beforeAll(async () => {
  t = await makeTestEnv();
  cert = await makeServerCert(['longling.local', '127.0.0.1']);
  const staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(t.dir, 'secret.txt'), 'SECRET-OUTSIDE-STATIC');
  h = await startHost(t.env, {
    port: 0,
    tls: { cert: cert.cert, key: cert.key },
    staticDir,
    names: ['longling.local'],
  });
});
afterAll(async () => {
  await h.stop(1000);
  await t.close();
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((ok, fail) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: h.port,
        path,
        ca: cert.cert,
        servername: 'longling.local',
        headers: { Host: `127.0.0.1:${h.port}`, ...headers },
      },
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
}

describe('the page and its files over HTTPS', () => {
  it('carry HSTS and the CSP, like the API answers', async () => {
    for (const path of ['/', '/index.html', '/some/route']) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.headers['strict-transport-security']).toContain('max-age=');
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('never serve a file outside the static folder, however the path is written', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%5csecret.txt',
      '/static/..%2f..%2fsecret.txt',
      '/%252e%252e/secret.txt',
    ]) {
      const r = await get(path);
      expect([path, r.body.includes('SECRET-OUTSIDE-STATIC')]).toEqual([path, false]);
    }
  });

  it('refuse look-alike names and an opaque Origin', async () => {
    for (const host of [`longling.local.:${h.port}`, `longling.local`, `longling.local:${h.port}@evil`]) {
      expect([host, (await get('/health', { Host: host })).status]).toEqual([host, 403]);
    }
    expect((await get('/health', { Origin: 'null' })).status).toBe(403);
    expect((await get('/health', { Host: `LONGLING.LOCAL:${h.port}` })).status).toBe(200);
  });
});

describe('one IPv6 machine changing address within its /64', () => {
  it('is still one client for the login throttle and the requests-open cap', () => {
    expect(clientKey('2001:db8:1:2::10')).toBe(clientKey('2001:db8:1:2:a1b2:c3d4:e5f6:7788'));
    expect(clientKey('2001:0db8:0001:0002::1')).toBe(clientKey('2001:db8:1:2::ffff'));
    expect(clientKey('fe80::1%eth0')).toBe(clientKey('fe80::2'));
    expect(clientKey('2001:db8:1:3::10')).not.toBe(clientKey('2001:db8:1:2::10'));
    expect(clientKey('10.0.0.5')).toBe('10.0.0.5');
    const cap = new PerClient(1);
    cap.enter(clientKey('2001:db8:1:2::10'));
    expect(() => cap.enter(clientKey('2001:db8:1:2::11'))).toThrow(/请求过多/);
  });
});

describe('an empty county server', () => {
  it('lets nobody on the network make themselves its first 系统管理员', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    if (!lan) return; // no network address on this machine to call from
    const wide = await startHost(t.env, { port: 0, listen: '0.0.0.0', tls: { cert: cert.cert, key: cert.key } });
    try {
      const r = await new Promise<{ status: number; body: string }>((ok, fail) => {
        const req = httpsRequest(
          {
            host: lan.address,
            port: wide.port,
            path: '/api/auth:setupAdmin',
            method: 'POST',
            ca: cert.cert,
            servername: 'longling.local',
            headers: { Host: `127.0.0.1:${wide.port}`, 'Content-Type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => ok({ status: res.statusCode!, body }));
          },
        );
        req.on('error', fail);
        req.end(JSON.stringify({ username: 'mallory', displayName: '抢先者', password: 'Longling#2026x' }));
      });
      expect(r.status).toBe(403);
      expect(r.body).toContain('首个管理员账号只能在服务器本机上创建');
    } finally {
      await wide.stop(1000);
    }
  });
});
