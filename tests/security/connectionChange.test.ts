// Attack reproduced: "Point the desktop at my own server". Once a desktop works with the county
// server, where its calls go decides who receives every password and ID number typed there. Only an
// admin of that server could change it, but while the server could not be reached anyone at the
// window could: pull the cable, choose another address and its fingerprint, and the next clerk logs
// in to that server. Now nobody changes it from the page while the server cannot be reached; the
// rule for reachable servers (admins only, after a system dialog) is tested here too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTION_FILE } from '../../electron/main/connectionConfig';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';
import { startFakeDesktop, type FakeDesktop } from '../fixtures/fakeDesktop';
import { makeCert, startTlsServer, toWebHost, type TestCert, type TlsServer } from '../fixtures/tls';

let dir: string;
let t: TestEnv;
let host: { server: Server; port: number };
let cert: TestCert;
let tls: TlsServer;
let d: FakeDesktop;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'longling-connchange-'));
  t = await makeTestEnv();
  host = await startHost(t.env, { port: 0, staticDir: dir });
  cert = makeCert(dir);
  tls = await startTlsServer(cert, toWebHost(host.port));
  d = await startFakeDesktop(dir);
  const first = await d.invoke('desktop:connection:set', {
    mode: 'server',
    server: tls.url,
    fingerprint: cert.fingerprint,
  });
  expect(first).toEqual({ ok: true, value: true });
});
afterEach(async () => {
  await d.close();
  await tls.close();
  await new Promise((r) => host.server.close(r));
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = () =>
  (JSON.parse(readFileSync(join(d.userData, CONNECTION_FILE), 'utf8')) as { choice: Record<string, string> }).choice;
const toLocal = () => d.invoke('desktop:connection:set', { mode: 'local' });
/** Another server the attacker runs, with its own certificate. */
async function impostor(): Promise<{ url: string; fingerprint: string; seen: unknown[]; close(): Promise<void> }> {
  const theirs = makeCert(mkdtempSync(join(dir, 'theirs-')));
  const s = await startTlsServer(theirs, toWebHost(host.port));
  return { url: s.url, fingerprint: theirs.fingerprint, seen: s.seen, close: () => s.close() };
}

describe('changing where a connected desktop sends its calls', () => {
  it('is refused to a clerk, before anything is tried or asked', async () => {
    await t.loginAs('clerk');
    expect(await d.api('auth:login', { username: 'clerk1', password: PASSWORD })).toMatchObject({ ok: true });
    const other = await impostor();
    try {
      const seenBefore = tls.seen.length;
      const r = await d.invoke('desktop:connection:set', {
        mode: 'server',
        server: other.url,
        fingerprint: other.fingerprint,
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/只有系统管理员/) },
      });
      expect(await toLocal()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(d.dialogs).toHaveLength(0);
      expect(stored()).toMatchObject({ mode: 'server', server: tls.url });
      // Only the session checks reached the server, and the other address was never tried for a clerk.
      expect(tls.seen.slice(seenBefore).map((s) => s.path)).toEqual(['/api/auth:session', '/api/auth:session']);
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('is an admin’s, after the system dialog; declining it changes nothing', async () => {
    expect(await d.api('auth:login', { username: 'admin', password: PASSWORD })).toMatchObject({ ok: true });
    d.dialogAnswer = 1; // 取消
    expect(await toLocal()).toEqual({ ok: true, value: false });
    expect(stored()).toMatchObject({ mode: 'server' });
    d.dialogAnswer = 0; // 确认更改
    expect(await toLocal()).toEqual({ ok: true, value: true });
    expect(stored()).toMatchObject({ mode: 'local' });
    expect(d.dialogs.map((x) => x.title)).toEqual(['更改连接设置', '更改连接设置']);
  });

  it('is nobody’s while the server cannot be reached, not even a session that was an admin’s', async () => {
    expect(await d.api('auth:login', { username: 'admin', password: PASSWORD })).toMatchObject({ ok: true });
    await tls.close();
    const other = await impostor();
    try {
      d.dialogAnswer = 0;
      const r = await d.invoke('desktop:connection:set', {
        mode: 'server',
        server: other.url,
        fingerprint: other.fingerprint,
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/连接不上县级服务器.*无法确认您是系统管理员/) },
      });
      expect(await toLocal()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(d.dialogs).toHaveLength(0);
      expect(stored()).toMatchObject({ mode: 'server', server: tls.url, fingerprint: cert.fingerprint });
      expect(other.url).not.toBe(tls.url);
    } finally {
      await other.close();
    }
  });
});
