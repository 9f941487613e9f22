// Attack reproduced: "two calls at once skip the idle lock". A version of the county server's HTTP
// thread marked a session active as it forwarded a call and sent the session along. After a long
// idle, a page waking up sends several calls at once: the second forward refreshed lastActive before
// a thread judged the first, and a call whose forwarded session was too old asked the owner, which
// had already been refreshed. Either way the screen lock (锁屏) of an unattended window was skipped.
// Forwarding sessions was taken out: each thread asks the HTTP thread, which touches and judges the
// idle limit in one step.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/result';
import { startDispatchThreads, type ThreadedDispatcher } from '../../electron/host/dispatchThread';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';
import { sqliteOnly } from '../fixtures/testStore';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let d: ThreadedDispatcher;
const from = { address: '127.0.0.1', kind: 'browser' as const };
const call = async (token: string | null, channel: string, input: unknown = {}) =>
  JSON.parse(await d.call(token, channel, input, from)) as Result<unknown>;

sqliteOnly('the idle lock behind the county server threads', () => {
  beforeEach(async () => {
    t = await makeVoucherEnv();
    const started = await startDispatchThreads(
      { spec: t.file, options: { keyPassphrase: KEY_PASSPHRASE }, passphraseFile: null },
      t.env.sessions,
      () => undefined,
    );
    if (!started) throw new Error('no dispatcher thread could be started');
    d = started;
  });

  afterEach(async () => {
    await d.stop();
    await t.close();
  });

  const idleLogin = async () => {
    const r = (await call(null, 'auth:login', { username: 'admin', password: PASSWORD })) as Result<{ token: string }>;
    if (!r.ok) throw new Error(r.error.message);
    const s = (await t.env.sessions.peek(r.value.token))!;
    s.lastActive -= 24 * 3_600_000;
    return r.value.token;
  };

  it('calls sent together after a long idle are all refused as locked, and the session stays locked', async () => {
    const token = await idleLogin();
    const answers = await Promise.all([1, 2, 3].map(() => call(token, 'worker:search', { q: '张' })));
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['LOCKED', 'LOCKED', 'LOCKED']);
    expect((await t.env.sessions.peek(token))!.locked).toBe(true);
  });

  it('a call that waited too long for its forwarded session is still judged idle', async () => {
    const token = await idleLogin();
    const realNow = Date.now;
    // The thread's clock runs ahead of the forward by more than the 250 ms a snapshot is trusted.
    try {
      Date.now = () => realNow() - 1000;
      const answer = call(token, 'worker:search', { q: '张' });
      Date.now = realNow;
      const a = await answer;
      expect(a.ok ? 'ok' : a.error.code).toBe('LOCKED');
    } finally {
      Date.now = realNow;
    }
  });
});
