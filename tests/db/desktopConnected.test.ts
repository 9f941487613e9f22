// Issue 14 §2/§6: the desktop app connected to the county server, with a fake Electron as elsewhere
// and a REAL HTTPS server on 127.0.0.1 with a REAL self-signed certificate (OpenSSL) in front of the
// real web host and dispatcher: the first-start choice, forwarding with the token kept in the main
// process, PDFs from the server saved locally, no local database in connected mode, and a write
// whose answer was lost applied once on the server when the desktop retries it with the same key.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_CHANNELS } from '../../electron/main/desktopChannels';
import { registerDesktopIpc } from '../../electron/main/desktopIpc';
import type { BrowserWindowLike, IpcMainInvokeEventLike } from '../../electron/main/electronTypes';
import { IDEMPOTENCY_KEY_PATTERN } from '../../electron/main/idempotency';
import { dispatch } from '../../electron/core/dispatcher';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';
import { pageEvent, startFakeDesktop, type FakeDesktop } from '../fixtures/fakeDesktop';
import { makeId } from '../fixtures/ids';
import { answer, makeCert, startTlsServer, toWebHost, type TestCert, type TlsServer } from '../fixtures/tls';

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

describe('the token never reaches the page', () => {
  it('login, calls and state messages carry no token; only the main process holds it', async () => {
    await connect();
    const answers = [
      await d.api('auth:login', { username: 'admin', password: PASSWORD }),
      await d.api('auth:session'),
      await d.api('worker:create', workerInput({ idNumber: makeId('530523', '19900101', 11) })),
      await d.invoke('desktop:connection:get'),
    ];
    const token = d.transport.tokens.get(1)!;
    expect(token.length).toBeGreaterThan(20);
    // Everything the renderer could ever see: the answers to its invokes and what was sent to it.
    const pageSaw = JSON.stringify([answers, d.sent]);
    expect(pageSaw).not.toContain(token);
    expect(lastSeen('worker:create').headers['x-session-token']).toBe(token); // yet the server got it
  });
});

describe('a write whose answer was lost', () => {
  /**
   * The county server's part of the protocol (Idempotency-Key and X-Client-Kind into the real
   * dispatcher), standing in until electron/host serves it; `drop` loses the answer of a call that
   * the server did carry out.
   */
  async function countyServer(drop: (channel: string, nth: number) => boolean) {
    const counts = new Map<string, number>();
    const firstResults: unknown[] = [];
    const s = await startTlsServer(cert, async (req, res, seen) => {
      const channel = seen.path.replace(/^\/api\//, '');
      const nth = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, nth);
      const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
      const result = await dispatch(t.env, header('x-session-token'), channel, JSON.parse(seen.body || '{}'), {
        address: req.socket.remoteAddress ?? null,
        kind: header('x-client-kind') === 'desktop' ? 'desktop' : 'browser',
        idempotencyKey: header('idempotency-key'),
      });
      if (!drop(channel, nth)) return answer(res, 200, result);
      firstResults.push(result);
      req.socket.destroy(); // done on the server, the answer never arrives
    });
    return { s, firstResults };
  }

  it('is retried with the same key and applied once: one worker, one audit row, the first result', async () => {
    await tls.close();
    const county = await countyServer((channel, nth) => channel === 'worker:create' && nth === 1);
    tls = county.s;
    await connect();
    await d.api('auth:login', { username: 'admin', password: PASSWORD });
    const idNumber = makeId('530523', '19920304', 21);
    const created = await d.api('worker:create', workerInput({ idNumber, name: '赵六' }));

    const sent = tls.seen.filter((r) => r.path === '/api/worker:create');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
    expect(sent[0]!.headers['idempotency-key']).toMatch(IDEMPOTENCY_KEY_PATTERN);
    // The retry's answer is the first (lost) result, not a refusal of a duplicate ID number.
    expect(county.firstResults).toHaveLength(1);
    expect(created).toEqual(county.firstResults[0]);
    expect(created).toMatchObject({ ok: true, value: { name: '赵六' } });
    expect(await t.db.all('SELECT id FROM worker WHERE id_number = ?', idNumber)).toHaveLength(1);
    const id = (created as { value: { id: number } }).value.id;
    const audit = await t.db.all(
      "SELECT client_kind, client_address FROM audit_log WHERE entity = 'worker' AND action = 'create' AND entity_id = ?",
      String(id),
    );
    expect(audit).toEqual([{ client_kind: 'desktop', client_address: '127.0.0.1' }]);

    // The same form sent again after the answer came is a new call: refused as a duplicate, not replayed.
    const again = await d.api('worker:create', workerInput({ idNumber, name: '赵六' }));
    expect(again).toMatchObject({ ok: false });
    expect(tls.seen.filter((r) => r.path === '/api/worker:create').at(-1)!.headers['idempotency-key']).not.toBe(
      sent[0]!.headers['idempotency-key'],
    );
    expect(existsSync(d.dbFile)).toBe(false);
  });
});
