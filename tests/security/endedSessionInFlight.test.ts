// 强制下线 and disabling an account take effect for writes already under way: a write that passed its
// session check before the admin's change committed, and reached its transaction after (queued for
// the writers' lock, or here waiting for its password's scrypt), used to commit anyway. The session
// is now looked up again inside the write transaction (found by a red-team, left open a session).
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const ENDED_MEANWHILE = '您的登录已被结束（强制下线、账号停用或权限变更），此项操作未执行，请重新登录';

describe('a write whose session ends while it is under way', () => {
  it('is refused when an admin ends the session (强制下线) before its transaction', async () => {
    t = await makeTestEnv();
    const env = t;
    const clerk = await env.loginAs('clerk');
    const id = (await env.must(env.adminToken, 'session:list', {})).find((s) => s.username === 'clerk1')!.id;
    // The change of password first does its scrypt, outside the transaction; the admin's 强制下线
    // commits meanwhile.
    const [change] = await Promise.all([
      env.call(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Taken-Over-77' }),
      env.must(env.adminToken, 'session:end', { id }),
    ]);
    expect(change).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: ENDED_MEANWHILE } });
    // Nothing of it was written: the old password still logs in, the new one does not.
    expect((await env.call(null, 'auth:login', { username: 'clerk1', password: 'Taken-Over-77' })).ok).toBe(false);
    expect((await env.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD })).ok).toBe(true);
    expect(Number(await env.db.value("SELECT count(*) FROM audit_log WHERE action = 'changePassword'"))).toBe(0);
  });

  it('is refused when an admin disables the account before its transaction', async () => {
    t = await makeTestEnv();
    const env = t;
    const clerk = await env.loginAs('clerk');
    const userId = Number(await env.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    const [change] = await Promise.all([
      env.call(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Taken-Over-77' }),
      env.must(env.adminToken, 'user:setDisabled', { id: userId, disabled: true }),
    ]);
    expect(change).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: ENDED_MEANWHILE } });
    await env.must(env.adminToken, 'user:setDisabled', { id: userId, disabled: false });
    expect((await env.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD })).ok).toBe(true);
  });

  it('goes through for a session that is still live', async () => {
    t = await makeTestEnv();
    const clerk = await t.loginAs('clerk');
    await t.must(clerk, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Still-Mine-88' });
    expect((await t.call(null, 'auth:login', { username: 'clerk1', password: 'Still-Mine-88' })).ok).toBe(true);
  });
});
