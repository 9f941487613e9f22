// The county server's two dispatcher threads (electron/host/dispatchThread.ts), started for real on
// the test's database: sessions shared through the HTTP thread, a write seen by the next read,
// concurrent registrations of one ID number, and a start that fails with its reason.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/result';
import type { CallFrom } from '../../electron/core/dispatcher';
import { startDispatchThreads, type ThreadedDispatcher } from '../../electron/host/dispatchThread';
import { KEY_PASSPHRASE, PASSWORD, workerInput } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

const from: CallFrom = { address: '127.0.0.1', kind: 'browser' };

describe('dispatcher threads', () => {
  let t: VoucherEnv;
  let d: ThreadedDispatcher;
  const logged: string[] = [];

  const call = async <T = unknown>(token: string | null, channel: string, input: unknown = {}, key?: string) =>
    JSON.parse(await d.call(token, channel, input, { ...from, idempotencyKey: key })) as Result<T>;
  const login = async () => {
    const r = await call<{ token: string }>(null, 'auth:login', { username: 'admin', password: PASSWORD });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.token;
  };

  beforeEach(async () => {
    t = await makeVoucherEnv();
    const started = await startDispatchThreads(
      { spec: t.file, options: { keyPassphrase: KEY_PASSPHRASE }, passphraseFile: null },
      t.env.sessions,
      (m, e) => logged.push(`${m} ${e}`),
    );
    if (!started) throw new Error('no dispatcher thread could be started');
    d = started;
  });

  afterEach(async () => {
    await d.stop();
    await t.close();
  });

  it('a login on the writing thread is a session on the reading thread, and a write is seen by the next read', async () => {
    const token = await login();
    expect(await d.signedIn(token)).toBe(true);
    const created = await call<{ id: number }>(token, 'worker:create', workerInput({ seq: 301, name: '李四' }));
    expect(created.ok).toBe(true);
    const found = await call<{ items: { id: number }[] }>(token, 'worker:search', { q: '李四' });
    expect(found.ok && found.value.items.map((w) => w.id)).toEqual([created.ok && created.value.id]);
    const opened = await call<{ name: string; masked: boolean }>(token, 'worker:get', {
      id: created.ok ? created.value.id : 0,
    });
    expect(opened.ok && opened.value).toMatchObject({ name: '李四', masked: true });
    expect(logged).toEqual([]);
  });

  it('refuses a write under way when its session is ended (强制下线), and lets later writes of live sessions through', async () => {
    const admin = await login();
    const other = await login();
    const sessions = await call<{ id: string; current: boolean }[]>(admin, 'session:list');
    const id = sessions.ok ? sessions.value.find((s) => !s.current && s.id)!.id : '';
    // Ending `other` while its account creation is under way (the new password's scrypt runs before
    // the transaction): the threads learn of the end before the admin's write commits.
    const [created, ended] = await Promise.all([
      call(other, 'user:create', { username: 'late1', displayName: '迟到', role: 'clerk', password: 'Late-Pass-123' }),
      call(admin, 'session:end', { id }),
    ]);
    expect(ended.ok).toBe(true);
    expect(created).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.db.value("SELECT count(*) FROM app_user WHERE username = 'late1'")).toBe(0);
    // The admin's own session goes on writing, asked of the HTTP thread once since something ended.
    expect((await call(admin, 'worker:create', workerInput({ seq: 302 }))).ok).toBe(true);
    expect((await call(admin, 'worker:create', workerInput({ seq: 303 }))).ok).toBe(true);
  });

  it('searches and opened workers are answered by the reading thread, everything else by the writing one', async () => {
    const token = await login();
    const before = d.answered();
    const created = await call<{ id: number }>(token, 'worker:create', workerInput({ seq: 303, name: '赵六' }));
    expect(d.answered()).toEqual({ reader: before.reader, writer: before.writer + 1 });
    expect((await call(token, 'worker:search', { q: '赵六' })).ok).toBe(true);
    expect((await call(token, 'worker:get', { id: created.ok ? created.value.id : 0 })).ok).toBe(true);
    expect(d.answered()).toEqual({ reader: before.reader + 2, writer: before.writer + 1 });
    // A read that is not among the reading thread's channels still goes to the writing thread.
    expect((await call(token, 'auth:session')).ok).toBe(true);
    expect(d.answered()).toEqual({ reader: before.reader + 2, writer: before.writer + 2 });
  });

  it('logging out on one thread ends the session for both, and the host', async () => {
    const token = await login();
    expect((await call(token, 'auth:logout')).ok).toBe(true);
    const after = await call(token, 'worker:search', { q: '张' });
    expect(after.ok).toBe(false);
    expect(!after.ok && after.error.code).toBe('UNAUTHENTICATED');
    expect(await d.signedIn(token)).toBe(false);
  });

  it('two windows registering one ID number at once: one succeeds, the other is told who registered it', async () => {
    const [a, b] = [await login(), await login()];
    const input = workerInput({ seq: 302, name: '王五' });
    const results = await Promise.all([
      call(a, 'worker:create', input, 'window-one-key-0001'),
      call(b, 'worker:create', { ...input, name: '王五五' }, 'window-two-key-0002'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok)!;
    expect(!refused.ok && refused.error.message).toMatch(/已登记|已被/);
    expect(await t.count('worker')).toBe(1);
  });

  it('a wrong passphrase in the key file stops the start with the reason', async () => {
    const file = join(t.dir, 'key-passphrase');
    writeFileSync(file, 'not the passphrase\n');
    chmodSync(file, 0o600);
    await expect(
      startDispatchThreads({ spec: t.file, options: {}, passphraseFile: file }, t.env.sessions, () => undefined),
    ).rejects.toThrow(/口令不正确/);
  });
});
