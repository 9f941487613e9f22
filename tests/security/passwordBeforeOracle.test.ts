// A red-team's review of the `before` step that does a password's scrypt outside the write
// transaction. Every scrypt the server runs is counted (node:crypto's scrypt and scryptSync are
// wrapped), so that "how much work did this answer cost" is measured without timing noise.
//
// Found (the first two tests failed before the fix): auth:changePassword's before step stopped
// after one scrypt when the old password is wrong, and goes on to hash the new one (and, for an
// initial password, to check it) when it is right — before the transaction decides anything. When
// the transaction then refuses without counting the attempt, the caller still learns from the time
// taken whether the old password was right:
//  - while the account is locked (LOCKED is answered for right and wrong alike, nothing counted);
//  - with an Idempotency-Key already used by this user (another channel's key answers VALIDATION, a
//    replay answers the first result, before checkPassword runs: nothing counted, nothing audited).
// Either way a holder of someone's session guessed that account's password without the lockout
// (the very attack tests/security/passwordGuessing.test.ts closed), unaudited and unthrottled. Now
// the before step does the same work either way, and none under a key already used.
import type * as Crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const scrypts = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const m = await importOriginal<typeof Crypto>();
  const scrypt = ((...a: Parameters<typeof m.scrypt>) => {
    scrypts.n++;
    return (m.scrypt as (...b: unknown[]) => void)(...a);
  }) as typeof m.scrypt;
  const scryptSync = ((...a: Parameters<typeof m.scryptSync>) => {
    scrypts.n++;
    return m.scryptSync(...a);
  }) as typeof m.scryptSync;
  return { ...m, default: { ...m, scrypt, scryptSync }, scrypt, scryptSync };
});

import { dispatch } from '../../electron/core/dispatcher';
import { hashPassword, PasswordWork, unmatchableHash, verifyPassword } from '../../electron/core/password';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';
import { passwordChosen } from '../fixtures/passwordChosen';

const LOCKED = '密码连续输错 5 次，账号已锁定，请 5 分钟后再试';
let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? 'ok' : r.error!.message);

/** The scrypt runs one call costs the server. */
async function work(fn: () => Promise<unknown>): Promise<{ scrypts: number; result: unknown }> {
  const before = scrypts.n;
  const result = await fn();
  return { scrypts: scrypts.n - before, result };
}

const failures = async (username: string) =>
  Number(await t.db.value('SELECT failed_logins FROM app_user WHERE username = ?', username));
const audited = async (action: string) =>
  Number(await t.db.value('SELECT count(*) FROM audit_log WHERE action = ?', action));

describe('auth:changePassword: work that depends on the old password where the answer does not', () => {
  it('while the account is locked, costs the same for the right and a wrong old password', async () => {
    const clerk = await t.loginAs('clerk');
    for (let i = 0; i < 5; i++)
      await t.call(clerk, 'auth:changePassword', { oldPassword: `nope-${i}`, newPassword: 'NewPass-123' });
    expect(await failures('clerk1')).toBe(5);

    const wrong = await work(() =>
      t.call(clerk, 'auth:changePassword', { oldPassword: 'still-wrong', newPassword: 'NewPass-123' }),
    );
    const right = await work(() =>
      t.call(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass-123' }),
    );
    // The same answer, and nothing counted or audited beyond the five...
    expect(message(wrong.result as never)).toBe(LOCKED);
    expect(message(right.result as never)).toBe(LOCKED);
    expect(await failures('clerk1')).toBe(5);
    expect(await audited('changePasswordFailed')).toBe(5);
    // ...so the work must not tell them apart either (it was 1 scrypt against 2).
    expect(right.scrypts).toBe(wrong.scrypts);
  });

  it('with an Idempotency-Key already used, costs the same for the right and a wrong old password', async () => {
    const clerk = await t.loginAs('clerk');
    const key = 'used-for-another-channel-0001';
    const from = { address: '10.1.2.3', kind: 'browser' as const, idempotencyKey: key };
    expect((await dispatch(t.env, clerk, 'worker:create', workerInput({ seq: 401 }), from)).ok).toBe(true);

    // Ten wrong guesses under the used key: refused before checkPassword, so never counted.
    let wrong = { scrypts: 0, result: null as unknown };
    for (let i = 0; i < 10; i++)
      wrong = await work(() =>
        dispatch(t.env, clerk, 'auth:changePassword', { oldPassword: `guess-${i}`, newPassword: 'NewPass-123' }, from),
      );
    const right = await work(() =>
      dispatch(t.env, clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass-123' }, from),
    );
    expect(message(wrong.result as never)).toBe(message(right.result as never));
    expect(await failures('clerk1')).toBe(0); // ten guesses, no lockout
    expect(await audited('changePasswordFailed')).toBe(0); // and no audit row
    expect(right.scrypts).toBe(wrong.scrypts);
  });
});

describe('a retried or mis-keyed write', () => {
  // The before step ran before the transaction found the Idempotency-Key, so a replay, or a key of
  // another channel, cost a scrypt that the answer never used. A used key now skips the before step.
  it('costs no scrypt: a replayed user:resetPassword, a login under a used key', async () => {
    const clerk = await t.loginAs('clerk');
    const clerkId = Number(await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    const from = { address: '10.1.2.3', kind: 'browser' as const, idempotencyKey: 'reset-once-retried-0001' };
    const input = { id: clerkId, newPassword: 'Reset-Pass-456' };
    expect((await dispatch(t.env, t.adminToken, 'user:resetPassword', input, from)).ok).toBe(true);
    const replay = await work(() => dispatch(t.env, t.adminToken, 'user:resetPassword', input, from));
    expect(replay.result).toEqual({ ok: true, value: null });
    expect(replay.scrypts).toBe(0);
    const login = await work(() =>
      dispatch(t.env, t.adminToken, 'auth:login', { username: 'clerk1', password: 'x' }, from),
    );
    expect(message(login.result as never)).toBe('同一个请求编号（Idempotency-Key）已用于另一项操作');
    expect(login.scrypts).toBe(0);
    expect(clerk).toBeTruthy();
  });
});

describe('controls: what the change keeps', () => {
  it('a login costs one scrypt whatever the name: known, unknown, locked, disabled, right or wrong', async () => {
    await t.loginAs('clerk');
    await t.loginAs('reviewer');
    const reviewerId = Number(await t.db.value("SELECT id FROM app_user WHERE username = 'reviewer1'"));
    await t.must(t.adminToken, 'user:setDisabled', { id: reviewerId, disabled: true });
    for (let i = 0; i < 5; i++) await t.call(null, 'auth:login', { username: 'clerk1', password: `x${i}` });
    const cases: [string, string][] = [
      ['admin', 'wrong'],
      ['admin', PASSWORD],
      ['ghost', 'wrong'],
      ['clerk1', 'wrong'], // locked
      ['clerk1', PASSWORD], // locked
      ['reviewer1', 'wrong'], // disabled
      ['reviewer1', PASSWORD], // disabled
    ];
    for (const [username, password] of cases) {
      const w = await work(() => t.call(null, 'auth:login', { username, password }));
      expect(w.scrypts, `${username}/${password}`).toBe(1);
    }
  });

  it('auth:unlock costs one scrypt for a right and a wrong password, locked out or not', async () => {
    const clerk = await t.loginAs('clerk');
    await t.must(clerk, 'auth:lock', {});
    for (let i = 0; i < 5; i++) await t.call(clerk, 'auth:unlock', { password: `x${i}` });
    for (const password of ['wrong', PASSWORD]) {
      const w = await work(() => t.call(clerk, 'auth:unlock', { password }));
      expect(message(w.result as never)).toBe(LOCKED);
      expect(w.scrypts).toBe(1);
    }
  });

  it('costs no scrypt for a caller who may not call the channel, nor for input that fails validation', async () => {
    const clerk = await t.loginAs('clerk');
    const newbie = await t.must(t.adminToken, 'user:create', {
      username: 'newbie',
      displayName: '新人',
      role: 'clerk',
      password: PASSWORD,
    });
    const initial = (await t.must(null, 'auth:login', { username: 'newbie', password: PASSWORD })).token;
    const locked = await t.loginAs('reviewer');
    await t.must(locked, 'auth:lock', {});
    const calls: [string, () => Promise<unknown>][] = [
      [
        'setupAdmin after setup',
        () => t.call(null, 'auth:setupAdmin', { username: 'evil', displayName: '坏人', password: 'Evil-Pass-123' }),
      ],
      ['unlock, no session', () => t.call(null, 'auth:unlock', { password: PASSWORD })],
      [
        'changePassword, no session',
        () => t.call(null, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass-123' }),
      ],
      [
        'changePassword, locked session',
        () => t.call(locked, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass-123' }),
      ],
      [
        'user:create by a clerk',
        () =>
          t.call(clerk, 'user:create', { username: 'x1', displayName: 'x', role: 'clerk', password: 'Some-Pass-123' }),
      ],
      [
        'user:resetPassword by a clerk',
        () => t.call(clerk, 'user:resetPassword', { id: newbie.id, newPassword: 'Some-Pass-123' }),
      ],
      [
        'user:resetPassword, initial-password session',
        () => t.call(initial, 'user:resetPassword', { id: newbie.id, newPassword: 'Some-Pass-123' }),
      ],
      ['login, password too long', () => t.call(null, 'auth:login', { username: 'admin', password: 'a1'.repeat(65) })],
      ['login, NUL in name', () => t.call(null, 'auth:login', { username: 'ad\0min', password: PASSWORD })],
      [
        'changePassword, new password too weak',
        () => t.call(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: '1' }),
      ],
      [
        'changePassword, malformed key',
        () =>
          dispatch(
            t.env,
            clerk,
            'auth:changePassword',
            { oldPassword: PASSWORD, newPassword: 'NewPass-123' },
            { address: null, kind: 'browser', idempotencyKey: 'bad key!' },
          ),
      ],
    ];
    for (const [what, fn] of calls) {
      const w = await work(fn);
      expect((w.result as { ok: boolean }).ok, what).toBe(false);
      expect(w.scrypts, what).toBe(0);
    }
  });

  it('a password changed, or an account disabled, between the before step and the transaction is checked afresh', async () => {
    await t.loginAs('clerk');
    const clerkId = Number(await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    const prepare = PasswordWork.prototype.prepareVerify;
    let between: (() => Promise<unknown>) | null = null;
    vi.spyOn(PasswordWork.prototype, 'prepareVerify').mockImplementation(async function (this: PasswordWork, p, s) {
      await prepare.call(this, p, s);
      const f = between;
      between = null;
      if (f) await f();
    });

    // The admin resets the password after the login's before step verified the old one.
    between = async () => {
      await t.must(t.adminToken, 'user:resetPassword', { id: clerkId, newPassword: 'Reset-Pass-456' });
      await passwordChosen(t.db, 'clerk1');
    };
    expect(message(await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD }))).toBe(
      '用户名或密码错误',
    );
    // The admin disables the account after the before step verified the (right) password.
    between = () => t.must(t.adminToken, 'user:setDisabled', { id: clerkId, disabled: true });
    expect(message(await t.call(null, 'auth:login', { username: 'clerk1', password: 'Reset-Pass-456' }))).toBe(
      '该账号已停用，请联系系统管理员',
    );
  });

  it('the session of a password changed between the before step and the transaction cannot change it', async () => {
    const clerk = await t.loginAs('clerk');
    const clerkId = Number(await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    const prepare = PasswordWork.prototype.prepareVerify;
    let once = true;
    vi.spyOn(PasswordWork.prototype, 'prepareVerify').mockImplementation(async function (this: PasswordWork, p, s) {
      await prepare.call(this, p, s);
      if (!once) return;
      once = false;
      await t.must(t.adminToken, 'user:resetPassword', { id: clerkId, newPassword: 'Reset-Pass-456' });
    });
    const r = await t.call(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Mine-Pass-789' });
    expect(r.ok).toBe(false);
    // The reset stands: neither the session's new password nor the old one logs in.
    for (const password of ['Mine-Pass-789', PASSWORD])
      expect(message(await t.call(null, 'auth:login', { username: 'clerk1', password }))).toBe('用户名或密码错误');
    expect((await t.call(null, 'auth:login', { username: 'clerk1', password: 'Reset-Pass-456' })).ok).toBe(true);
  });
});

describe('PasswordWork memo keys', () => {
  it('never answers true for a (password, hash) pair it did not verify, newlines included', async () => {
    const real = hashPassword('Right-Pass-1');
    const other = hashPassword('Right-Pass-1');
    expect(real).not.toContain('\n');
    const w = new PasswordWork();
    await w.prepareVerify('Right-Pass-1', real);
    // The same password against another hash, a password with a newline, the hash's own pieces.
    expect(w.verify('Right-Pass-1', other)).toBe(true); // computed afresh (same password): right
    expect(w.verify('Right-Pass-1\n', real)).toBe(false);
    expect(w.verify('\nRight-Pass-1', real)).toBe(false);
    const [head, tail] = [real.slice(0, real.lastIndexOf('$')), real.slice(real.lastIndexOf('$'))];
    expect(w.verify(`${tail}\nRight-Pass-1`, head)).toBe(false);
    expect(w.verify('Right-Pass-1', unmatchableHash())).toBe(false);
  });

  it('is not confused by a stored hash with a newline (a key joined with one once could be)', async () => {
    // The memo was keyed by `${stored}\n${password}`: a stored value with a newline (a write to
    // app_user itself) could stand for another pair. It is now keyed per stored hash, then password.
    const s = hashPassword('X\nnew');
    const w = new PasswordWork();
    await w.prepareVerify('X\nnew', s); // right: remembered true under `${s}\nX\nnew`
    const crafted = `${s}\nX`;
    expect(verifyPassword('new', crafted)).toBe(false);
    expect(w.verify('new', crafted)).toBe(false);
  });
});
