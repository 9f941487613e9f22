// Attack reproduced: "Guessing without lockout". auth:unlock and auth:changePassword took unlimited
// wrong passwords, unaudited, ignoring the account lockout; unknown usernames answered 60× faster
// than known ones (no scrypt), and nothing capped the length of a typed password.
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

const LOCKED = '密码连续输错 5 次，账号已锁定，请 5 分钟后再试';
let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? 'ok' : r.error!.message);
const audited = async (action: string) =>
  (await t.db.value('SELECT count(*) FROM audit_log WHERE action = ?', action)) as number;

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

describe('password guessing', () => {
  it('locks the account after 5 wrong passwords at the lock screen, each one audited', async () => {
    const clerk = await t.loginAs('clerk');
    await t.must(clerk, 'auth:lock', {});
    for (let i = 0; i < 5; i++)
      expect(message(await t.call(clerk, 'auth:unlock', { password: `guess${i}` }))).toBe('密码错误');
    expect(message(await t.call(clerk, 'auth:unlock', { password: PASSWORD }))).toBe(LOCKED);
    expect(await audited('unlockFailed')).toBe(5);
    // The same lockout as the login: the account is locked everywhere, not just this session.
    expect(message(await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD }))).toBe(LOCKED);
    t.clock.advance(5 * 60_000 + 1);
    await t.must(clerk, 'auth:unlock', { password: PASSWORD });
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(true);
  });

  it('counts wrong old passwords when changing the password towards the same lockout', async () => {
    const clerk = await t.loginAs('clerk');
    await t.must(clerk, 'auth:lock', {});
    for (let i = 0; i < 2; i++) await t.call(clerk, 'auth:unlock', { password: 'wrong-one' });
    const other = await t.loginAs('reviewer');
    for (let i = 0; i < 5; i++) {
      const r = await t.call(other, 'auth:changePassword', { oldPassword: `nope${i}`, newPassword: 'NewPass123' });
      expect(r.ok ? null : r.error.fields).toEqual({ oldPassword: '原密码不正确' });
    }
    const right = await t.call(other, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass123' });
    expect(message(right)).toBe(LOCKED);
    expect(await audited('changePasswordFailed')).toBe(5);
    // Unlock and change of password share the login's counter: 2 + 3 more locks the clerk.
    for (let i = 0; i < 3; i++) await t.call(clerk, 'auth:unlock', { password: 'wrong-two' });
    expect(message(await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD }))).toBe(LOCKED);
  });

  it('answers an unknown username with the same message, the same lockout and the same scrypt work', async () => {
    for (let i = 0; i < 5; i++) {
      expect(message(await t.call(null, 'auth:login', { username: 'nobody', password: `x${i}` }))).toBe(
        '用户名或密码错误',
      );
    }
    expect(message(await t.call(null, 'auth:login', { username: 'NOBODY', password: 'x' }))).toBe(LOCKED);
    await t.loginAs('clerk');
    const known = await median(4, () => t.call(null, 'auth:login', { username: 'clerk1', password: 'wrong' }));
    const unknown = await median(4, () => t.call(null, 'auth:login', { username: 'ghost', password: 'wrong' }));
    // Both run one scrypt (tens of ms); before, the unknown name answered in well under a millisecond.
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });

  it('refuses passwords longer than 128 characters before hashing them', async () => {
    const long = 'a1'.repeat(65);
    const login = await t.call(null, 'auth:login', { username: 'admin', password: long });
    expect(login.ok ? null : login.error).toMatchObject({
      code: 'VALIDATION',
      fields: { password: '密码最多 128 位' },
    });
    const unlock = await t.call(t.adminToken, 'auth:unlock', { password: long });
    expect(unlock.ok ? null : unlock.error.fields).toEqual({ password: '密码最多 128 位' });
    const change = await t.call(t.adminToken, 'auth:changePassword', { oldPassword: long, newPassword: 'abc12345' });
    expect(change.ok ? null : change.error.fields).toEqual({ oldPassword: '密码最多 128 位' });
    const key = await t.call(t.adminToken, 'keys:unlock', { passphrase: 'k'.repeat(201) });
    expect(key.ok ? null : key.error.fields).toEqual({ passphrase: '密钥口令最多 200 位' });
    // Refused by the schema, so not counted as a wrong password.
    expect(
      (await audited('loginFailed')) + (await audited('unlockFailed')) + (await audited('changePasswordFailed')),
    ).toBe(0);
  });
});
