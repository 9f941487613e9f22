// Issue 14 §2/§6: the desktop app connected to the county server, with a fake Electron as elsewhere
// and a REAL HTTPS server on 127.0.0.1 with a REAL self-signed certificate (OpenSSL) in front of the
// real web host and dispatcher: the first-start choice, forwarding with the token kept in the main
// process, PDFs from the server saved locally, and no local database in connected mode.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_CHANNELS } from '../../electron/main/desktopChannels';
import { registerDesktopIpc } from '../../electron/main/desktopIpc';
import type { BrowserWindowLike, IpcMainInvokeEventLike } from '../../electron/main/electronTypes';
import { IDEMPOTENCY_KEY_PATTERN } from '../../electron/main/idempotency';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';
import { pageEvent, startFakeDesktop, type FakeDesktop } from '../fixtures/fakeDesktop';
import { makeId } from '../fixtures/ids';
import { makeCert, startTlsServer, toWebHost, type TestCert, type TlsServer } from '../fixtures/tls';

let dir: string;
let t: TestEnv;
let host: { server: Server; port: number };
let cert: TestCert;
let tls: TlsServer;
let d: FakeDesktop;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'longling-connected-'));
  t = await makeTestEnv();
  host = await startHost(t.env, { port: 0, staticDir: dir });
  cert = makeCert(dir);
  tls = await startTlsServer(cert, toWebHost(host.port));
  d = await startFakeDesktop(dir);
});
afterEach(async () => {
  await d.close();
  await tls.close();
  await new Promise((r) => host.server.close(r));
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const connect = (over: { server?: string; fingerprint?: string } = {}) =>
  d.invoke('desktop:connection:set', { mode: 'server', server: tls.url, fingerprint: cert.fingerprint, ...over });
const lastSeen = (channel: string) => [...tls.seen].reverse().find((s) => s.path === `/api/${channel}`)!;

describe('first start', () => {
  it('asks: nothing is chosen, nothing is opened, and no call goes anywhere', async () => {
    expect(d.initial).toEqual({ kind: 'none' });
    expect(await d.invoke('desktop:connection:get')).toEqual({
      ok: true,
      value: { choice: null, state: { online: true } },
    });
    expect(await d.api('auth:session')).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(existsSync(d.userData) ? readdirSync(d.userData) : []).toEqual([]);
  });

  it('单机: the local database is opened and the choice kept in connection.json', async () => {
    expect(await d.invoke('desktop:connection:set', { mode: 'local' })).toEqual({ ok: true, value: true });
    expect(await d.api('auth:session')).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(existsSync(d.dbFile)).toBe(true);
    const stored = JSON.parse(readFileSync(join(d.userData, 'connection.json'), 'utf8'));
    expect(stored).toMatchObject({ version: 1, choice: { mode: 'local' } });
    expect(d.dialogs).toEqual([]); // nothing to confirm on first start
    expect(tls.seen).toEqual([]);
  });

  it('an install from before the choice existed (its database there, no file) goes on as 单机', async () => {
    await d.invoke('desktop:connection:set', { mode: 'local' });
    await d.close();
    rmSync(join(d.userData, 'connection.json'));
    const again = await startFakeDesktop(dir);
    expect(again.initial).toEqual({ kind: 'chosen', choice: { mode: 'local' } });
    await again.close();
  });
});

describe('connected to the county server', () => {
  it('stores the address and the pinned fingerprint (normalized) and opens no local database', async () => {
    const typed = cert.fingerprint.replace(/:/g, '').toLowerCase();
    expect(await connect({ server: `  ${tls.url}/ `, fingerprint: `SHA256 Fingerprint=${typed}` })).toEqual({
      ok: true,
      value: true,
    });
    const stored = JSON.parse(readFileSync(join(d.userData, 'connection.json'), 'utf8'));
    expect(stored.choice).toEqual({ mode: 'server', server: tls.url, fingerprint: cert.fingerprint });
    await d.api('auth:session');
    expect(readdirSync(d.userData)).toEqual(['connection.json']);
    expect(existsSync(d.dbFile)).toBe(false);

    // Started again, it connects without asking and still opens nothing here.
    await d.close();
    const again = await startFakeDesktop(dir);
    expect(again.initial).toEqual({ kind: 'chosen', choice: stored.choice });
    expect(await again.api('auth:session')).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(existsSync(d.dbFile)).toBe(false);
    await again.close();
  });

  it('forwards every call to POST /api/<channel>; the session token stays in the main process', async () => {
    await connect();
    const login = await d.api('auth:login', { username: 'admin', password: PASSWORD });
    expect(login).toMatchObject({ ok: true, value: { token: '', user: { username: 'admin' } } });
    const token = d.transport.tokens.get(1)!;
    expect(token).toMatch(/.{20,}/);
    expect(lastSeen('auth:login').headers['x-session-token']).toBeUndefined();

    const idNumber = makeId('530523', '19850607', 31);
    const created = await d.api('worker:create', workerInput({ idNumber, name: '李四' }));
    expect(created).toMatchObject({ ok: true, value: { name: '李四' } });
    // Written on the server's database: the desktop has none.
    expect(await t.db.get('SELECT name FROM worker WHERE id_number = ?', idNumber)).toEqual({ name: '李四' });
    const write = lastSeen('worker:create');
    expect(write.headers['x-session-token']).toBe(token);
    expect(write.headers['idempotency-key']).toMatch(IDEMPOTENCY_KEY_PATTERN);
    expect(write.headers['x-client-kind']).toBe('desktop');
    expect(write.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(write.body)).toMatchObject({ idNumber, name: '李四' });

    const found = await d.api('worker:search', { q: idNumber });
    expect(found).toMatchObject({ ok: true, value: { total: 1 } });
    expect(lastSeen('worker:search').headers['idempotency-key']).toBeUndefined(); // a read carries none

    // Each logical call has a key of its own.
    await d.api('worker:update', { id: (created as { value: { id: number } }).value.id, ...workerInput({ idNumber }) });
    expect(lastSeen('worker:update').headers['idempotency-key']).not.toBe(write.headers['idempotency-key']);

    // The server's answers, refusals included, reach the page as they are.
    expect(await d.api('user:create', { username: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await d.api('auth:logout');
    expect(d.transport.tokens.size).toBe(0);
    expect(await d.api('worker:search', { q: idNumber })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(existsSync(d.dbFile)).toBe(false);
  });

  it('a PDF made on the server comes back through the API and is saved on this machine', async () => {
    await connect();
    await d.api('auth:login', { username: 'admin', password: PASSWORD });
    const pdf = (await d.api('stats:pdf', {})) as { ok: true; value: { name: string; mime: string; base64: string } };
    expect(pdf).toMatchObject({ ok: true, value: { mime: 'application/pdf' } });

    // Saving stays local: window.desktop.saveFile, as in 单机.
    const handlers = new Map<string, (e: IpcMainInvokeEventLike, ...a: unknown[]) => unknown>();
    const win = { webContents: { id: 1 } } as BrowserWindowLike;
    const target = join(dir, 'saved.pdf');
    registerDesktopIpc(
      { handle: (c, l) => handlers.set(c, l) },
      {
        dialog: { showSaveDialog: async () => ({ canceled: false, filePath: target }) },
        shell: { openPath: async () => '' },
        tempDir: join(dir, 'tmp'),
        documentsDir: dir,
        windowOf: (id) => (id === 1 ? win : null),
        openPrintWindow: () => win,
        log: () => {},
      },
    );
    const saved = await handlers.get(DESKTOP_CHANNELS.saveFile)!(pageEvent(), pdf.value);
    expect(saved).toEqual({ ok: true, value: target });
    expect(readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
