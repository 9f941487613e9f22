// Attack reproduced: "One request ends the host". `GET /%E0%A4%A` threw in decodeURIComponent inside
// the request listener and the process exited with every session; any web page could send it with
// an <img>. Every malformed request now gets a status and a Chinese message, and the host stays up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';
import { sendRaw, sendRequest } from '../fixtures/host';

let t: TestEnv;
let port: number;
let close: () => void;
const logged: string[] = [];

beforeAll(async () => {
  t = await makeTestEnv();
  t.env.log = (m) => logged.push(m);
  const staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  const host = await startHost(t.env, { port: 0, staticDir });
  port = host.port;
  close = () => host.server.close();
});
afterAll(async () => {
  close();
  await t.close();
});

const json = { 'Content-Type': 'application/json' };
const send = (path: string, opts: Parameters<typeof sendRequest>[2] = {}) => sendRequest(port, path, opts);
const error = (body: string) => (JSON.parse(body) as { error: { message: string } }).error;

async function stillUp() {
  expect((await send('/', { method: 'GET' })).status).toBe(200);
  const login = await send('/api/auth:login', {
    headers: json,
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  expect(JSON.parse(login.body)).toMatchObject({ ok: true });
}

describe('malformed requests to the web host', () => {
  it('answers a URL with a broken percent escape with 400 and stays up', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/api/%E0%A4%A', '/assets/%C0%AF', '/%00index.html']) {
      const api = path.startsWith('/api/');
      const r = await send(path, api ? { headers: json, body: '{}' } : { method: 'GET' });
      expect(r.status).toBe(400);
      expect(error(r.body).message).toBe('请求地址无效：含有无法解码的字符');
    }
    await stillUp();
  });

  it('answers bodies that are not UTF-8 JSON, or say another charset, in Chinese', async () => {
    const badJson = await send('/api/auth:login', { headers: json, body: '{"username": ' });
    expect([badJson.status, error(badJson.body).message]).toEqual([400, '请求内容不是有效的 JSON']);
    const latin = await send('/api/auth:login', { headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22]) });
    expect([latin.status, error(latin.body).message]).toEqual([400, '请求内容不是有效的 UTF-8 编码']);
    const gbk = await send('/api/auth:login', {
      headers: { 'Content-Type': 'application/json; charset=gbk' },
      body: '{}',
    });
    expect([gbk.status, error(gbk.body).message]).toEqual([415, '请求内容应为 UTF-8 编码的 JSON']);
    await stillUp();
  });

  it('answers requests the HTTP parser refuses with a JSON 400, not a dropped connection', async () => {
    const garbage = await sendRaw(port, 'GET /\x01\x02 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(garbage).toContain('请求格式无效，无法解析');
    const badLength = await sendRaw(
      port,
      `POST /api/auth:login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: abc\r\n\r\n`,
    );
    expect(badLength).toMatch(/^HTTP\/1\.1 400/);
    const hugeHeader = await sendRaw(
      port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431/);
    await stillUp();
  });

  it('answers a throw anywhere in the host with 500 and a generic message, logs it, and stays up', async () => {
    const peek = t.env.sessions.peek.bind(t.env.sessions);
    t.env.sessions.peek = () => {
      throw new Error('boom');
    };
    try {
      // A body larger than anyone may send unsigned: the host looks the session up to size it.
      const r = await send('/api/auth:session', { headers: json, body: JSON.stringify({ pad: 'a'.repeat(70_000) }) });
      expect(r.status).toBe(500);
      expect(error(r.body)).toEqual({ code: 'INTERNAL', message: '系统内部错误，请求未完成。请联系系统管理员。' });
      expect(r.body).not.toContain('boom');
      expect(logged.some((m) => m.includes('/api/auth:session'))).toBe(true);
    } finally {
      t.env.sessions.peek = peek;
    }
    await stillUp();
  });

  it('answers a request that disconnects half way without taking anything down', async () => {
    await sendRaw(
      port,
      `POST /api/auth:login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user`,
      100,
    );
    await stillUp();
  });
});
