import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let port: number;
let close: () => void;

beforeAll(async () => {
  t = await makeTestEnv();
  const staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  const host = await startHost(t.env, { port: 0, staticDir });
  port = host.port;
  expect((host.server.address() as AddressInfo).address).toBe('127.0.0.1');
  close = () => host.server.close();
});
afterAll(async () => {
  close();
  await t.close();
});

function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'POST',
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => ok({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', fail);
    req.end(opts.body);
  });
}
const json = { 'Content-Type': 'application/json' };

describe('local web host', () => {
  it('serves the dispatcher over HTTP JSON with a session token', async () => {
    const login = await send('/api/auth:login', {
      headers: json,
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { value } = JSON.parse(login.body);
    const r = await send('/api/audit:verify', { headers: { ...json, 'X-Session-Token': value.token }, body: '{}' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { ok: true } });
    const anon = await send('/api/audit:verify', { headers: json, body: '{}' });
    expect(JSON.parse(anon.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses other Host names (DNS rebinding) and cross-site origins', async () => {
    const rebinding = await send('/api/auth:session', {
      headers: { ...json, Host: `evil.example:${port}` },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const page = await send('/', { method: 'GET', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(403);
    const cross = await send('/api/auth:session', { headers: { ...json, Origin: 'http://evil.example' }, body: '{}' });
    expect(cross.status).toBe(403);
    const same = await send('/api/auth:session', {
      headers: { ...json, Origin: `http://127.0.0.1:${port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('accepts only POST with JSON on the API, and answers bad JSON in Chinese', async () => {
    expect((await send('/api/auth:session', { method: 'GET' })).status).toBe(405);
    expect((await send('/api/auth:session', { headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(
      415,
    );
    const bad = await send('/api/auth:login', { headers: json, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/不是有效的 JSON/);
  });

  it('serves the UI with security headers and never a file outside its folder', async () => {
    const index = await send('/', { method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers['x-frame-options']).toBe('DENY');
    const traversal = await send('/../../../../etc/passwd', { method: 'GET' });
    expect(traversal.body).not.toContain('root:');
    const encoded = await send('/%2e%2e/%2e%2e/%2e%2e/etc/passwd', { method: 'GET' });
    expect(encoded.body).not.toContain('root:');
  });
});
