// Attack reproduced: "a session never re-reads its user (a disabled user keeps working) and has no
// maximum age". A user disabled, demoted or moved to another institution by another process on the
// same database (the CLI, a second window) kept every right of their session, for ever.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Env } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import { MemorySessionStore } from '../../electron/core/sessions';
import { openCli } from '../../electron/cli/runtime';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let other: Env; // a second process on the same database file
let otherAdmin: string;
beforeEach(async () => {
  t = await makeTestEnv();
  other = await createEnv(t.file, { clock: t.clock });
  const r = await dispatch(other, null, 'auth:login', { username: 'admin', password: PASSWORD });
  otherAdmin = r.ok ? (r.value as { token: string }).token : '';
});
afterEach(async () => {
  await other.db.close();
  await t.close();
});

const userId = async (name: string) => (await t.db.value('SELECT id FROM app_user WHERE username = ?', name)) as number;
const elsewhere = async (channel: string, input: unknown) => {
  const r = await dispatch(other, otherAdmin, channel, input);
  if (!r.ok) throw new Error(r.error.message);
};

describe('a session re-checks its user on every call', () => {
  it('ends at the next call once the account was disabled by another process', async () => {
    const clerk = await t.loginAs('clerk');
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(true);
    await elsewhere('user:setDisabled', { id: await userId('clerk1'), disabled: true });
    const r = await t.call(clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error).toEqual({
      code: 'UNAUTHENTICATED',
      message: '您的账号已被停用，已退出登录。如有疑问请联系系统管理员',
      detail: { sessionEnded: true },
    });
    // Ended, not just refused: re-enabling the account does not bring the old token back.
    await elsewhere('user:setDisabled', { id: await userId('clerk1'), disabled: false });
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(false);
  });

  it('says the same when this process ended the session itself (the admin disabled the account here)', async () => {
    const clerk = await t.loginAs('clerk');
    await t.must(t.adminToken, 'user:setDisabled', { id: await userId('clerk1'), disabled: true });
    const r = await t.call(clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error.message).toBe('您的账号已被停用，已退出登录。如有疑问请联系系统管理员');
    // Said again to a later call (and to calls sent beside the first), never a bare 请先登录 that
    // a page reading its answers out of order would show instead.
    const later = await t.call(clerk, 'worker:search', { q: '' });
    expect(later.ok ? null : later.error.message).toBe('您的账号已被停用，已退出登录。如有疑问请联系系统管理员');
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(false);
  });

  it('ends when the role or the institution changed, naming the change', async () => {
    const clerk = await t.loginAs('clerk');
    await elsewhere('user:update', {
      id: await userId('clerk1'),
      displayName: '窗口一',
      role: 'reviewer',
      institutionId: null,
    });
    const r = await t.call(clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error.message).toBe('您的角色已改为“复核人”，请重新登录');

    const op = await t.loginAs('institutionOperator');
    await t.db.run("INSERT INTO institution (id, code, name) VALUES (2, 'JG002', '龙陵县第二培训学校')");
    await elsewhere('user:update', {
      id: await userId('institutionOperator1'),
      displayName: '操作员',
      role: 'institutionOperator',
      institutionId: 2,
    });
    const moved = await t.call(op, 'class:list', {});
    expect(moved.ok ? null : moved.error.message).toBe('您绑定的培训机构已变更，请重新登录');
  });

  it('ends when the password was reset elsewhere, but not for the session that changed it', async () => {
    const a = await t.loginAs('clerk');
    const b = await t.loginAs('clerk');
    await t.must(a, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'NewPass123' });
    expect((await t.call(a, 'worker:search', { q: '' })).ok).toBe(true);
    const stale = await t.call(b, 'worker:search', { q: '' });
    expect(stale.ok ? null : stale.error.message).toBe('您的密码已被修改或重置，请用新密码重新登录');
    await elsewhere('user:resetPassword', { id: await userId('clerk1'), newPassword: 'Reset1234' });
    expect((await t.call(a, 'worker:search', { q: '' })).ok).toBe(false);
  });

  it('tells the login screen why through auth:session, and lets a stale token log in again', async () => {
    const clerk = await t.loginAs('clerk');
    await elsewhere('user:setDisabled', { id: await userId('clerk1'), disabled: true });
    const info = await t.must(clerk, 'auth:session', {});
    expect(info).toMatchObject({ user: null, notice: '您的账号已被停用，已退出登录。如有疑问请联系系统管理员' });
    // Asked again (the login page reloaded), it still says why, and the stale token in the header
    // does not stop a login once the account is back.
    expect((await t.must(clerk, 'auth:session', {})).notice).toBe(
      '您的账号已被停用，已退出登录。如有疑问请联系系统管理员',
    );
    await elsewhere('user:setDisabled', { id: await userId('clerk1'), disabled: false });
    const again = await t.call(clerk, 'auth:login', { username: 'clerk1', password: PASSWORD });
    expect(again.ok).toBe(true);
    const fresh = again.ok ? (again.value as { token: string }).token : '';
    expect((await t.must(fresh, 'auth:session', {})).user?.username).toBe('clerk1');
  });
});

describe('a session has a maximum age', () => {
  let elapsed = 0;
  beforeEach(async () => {
    await t.loginAs('clerk'); // the account, made while the admin's session is in the store
    elapsed = 0;
    t.env.sessions = new MemorySessionStore(() => elapsed);
  });

  it('ends 12 hours after login by default, however active, and the setting changes it', async () => {
    const clerk = await t.loginAs('clerk');
    elapsed = 12 * 3_600_000 - 1;
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(true);
    elapsed += 2;
    const r = await t.call(clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error.message).toBe('登录已超过 12 小时，请重新登录');

    const admin = (await t.must(null, 'auth:login', { username: 'admin', password: PASSWORD })).token;
    await t.must(admin, 'settings:update', { sessionMaxHours: 2 });
    const bad = await t.call(admin, 'settings:update', { sessionMaxHours: 0 });
    expect(bad.ok ? null : bad.error.fields).toEqual({ sessionMaxHours: '登录有效期至少 1 小时' });
    elapsed += 2 * 3_600_000 + 1;
    expect(await t.must(admin, 'auth:session', {})).toMatchObject({
      user: null,
      notice: '登录已超过 2 小时，请重新登录',
    });
  });

  it('does not end the CLI, which acts for no account and has no one to log in again', async () => {
    const cli = await openCli(t.file, { clock: t.clock });
    try {
      cli.env.sessions = new MemorySessionStore(() => elapsed);
      const s = await cli.env.sessions.create(cli.session.user, t.clock.now().getTime(), { noIdleLock: true });
      elapsed = 100 * 3_600_000;
      expect((await dispatch(cli.env, s.token, 'worker:search', { q: '' })).ok).toBe(true);
    } finally {
      await cli.close();
    }
  });
});
