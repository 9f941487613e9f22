import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

describe('login and users', () => {
  it('creates the first admin only once', async () => {
    const r = await t.call(null, 'auth:setupAdmin', { username: 'second', displayName: '第二', password: 'abc12345' });
    expect(r.ok ? null : r.error).toEqual({ code: 'CONFLICT', message: '系统已有管理员账号，请直接登录' });
    expect((await t.must(null, 'auth:session', {})).needsSetup).toBe(false);
  });

  it('stores passwords as scrypt hashes and rejects weak ones', async () => {
    const hash = (await t.db.value("SELECT password_hash FROM app_user WHERE username = 'admin'")) as string;
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain(PASSWORD);
    const weak = await t.call(t.adminToken, 'user:create', {
      username: 'c',
      displayName: 'c',
      role: 'clerk',
      password: '12345678',
    } as never);
    expect(weak.ok ? null : weak.error.fields).toMatchObject({ password: '密码须同时包含字母和数字' });
  });

  it('says the same thing for an unknown user and a wrong password, and locks after 5 failures', async () => {
    const unknown = await t.call(null, 'auth:login', { username: 'nobody', password: 'x' });
    expect(unknown.ok ? null : unknown.error.message).toBe('用户名或密码错误');
    for (let i = 0; i < 5; i++) {
      const r = await t.call(null, 'auth:login', { username: 'admin', password: 'wrong' });
      expect(r.ok ? null : r.error.message).toBe('用户名或密码错误');
    }
    const locked = await t.call(null, 'auth:login', { username: 'admin', password: PASSWORD });
    expect(locked.ok ? null : locked.error.message).toMatch(/账号已锁定，请 5 分钟后再试/);
    // The admin's five, and the unknown name's one (without the name typed).
    const failed = "SELECT count(*) FROM audit_log WHERE action = 'loginFailed' AND entity_id IS NOT NULL";
    expect(await t.db.value(failed)).toBe(5);
    expect(await t.db.value("SELECT count(*) FROM audit_log WHERE after_json LIKE '%unknownUser%'")).toBe(1);
    t.clock.advance(5 * 60_000 + 1);
    expect((await t.call(null, 'auth:login', { username: 'ADMIN', password: PASSWORD })).ok).toBe(true);
  });

  it('ends the sessions of a disabled user and refuses their login', async () => {
    const clerk = await t.loginAs('clerk');
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    await t.must(t.adminToken, 'user:setDisabled', { id, disabled: true });
    const r = await t.call(clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    const login = await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD });
    expect(login.ok ? null : login.error.message).toBe('该账号已停用，请联系系统管理员');
    await t.must(t.adminToken, 'user:setDisabled', { id, disabled: false });
    expect((await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD })).ok).toBe(true);
  });

  it('resets a password, after which the old one fails', async () => {
    await t.loginAs('clerk');
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    await t.must(t.adminToken, 'user:resetPassword', { id, newPassword: 'NewPass123' });
    expect((await t.call(null, 'auth:login', { username: 'clerk1', password: PASSWORD })).ok).toBe(false);
    expect((await t.call(null, 'auth:login', { username: 'clerk1', password: 'NewPass123' })).ok).toBe(true);
  });

  it('never lets the last admin be disabled or demoted', async () => {
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'admin'")) as number;
    const other = await t.loginAs('admin', 'admin2');
    const self = await t.call(t.adminToken, 'user:setDisabled', { id, disabled: true });
    expect(self.ok ? null : self.error.message).toBe('不能停用自己的账号');
    const admin2 = (await t.db.value("SELECT id FROM app_user WHERE username = 'admin2'")) as number;
    await t.must(other, 'user:setDisabled', { id, disabled: true });
    const demote = await t.call(other, 'user:update', { id: admin2, displayName: 'x', role: 'clerk' });
    expect(demote.ok ? null : demote.error.message).toBe('不能停用或降级最后一个系统管理员');
  });

  it('binds an institution operator to an existing institution', async () => {
    const r = await t.call(t.adminToken, 'user:create', {
      username: 'op',
      displayName: '操作员',
      role: 'institutionOperator',
      password: 'abc12345',
    });
    expect(r.ok ? null : r.error.fields).toEqual({ institutionId: '培训机构操作员必须绑定一个培训机构' });
    const missing = await t.call(t.adminToken, 'user:create', {
      username: 'op',
      displayName: '操作员',
      role: 'institutionOperator',
      institutionId: 99,
      password: 'abc12345',
    });
    expect(missing.ok ? null : missing.error.message).toBe('所选培训机构不存在');
  });

  it('changes the own password only with the old one', async () => {
    const bad = await t.call(t.adminToken, 'auth:changePassword', { oldPassword: 'nope', newPassword: 'abc12345' });
    expect(bad.ok ? null : bad.error.fields).toEqual({ oldPassword: '原密码不正确' });
    await t.must(t.adminToken, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'abc12345' });
    expect((await t.call(null, 'auth:login', { username: 'admin', password: 'abc12345' })).ok).toBe(true);
  });

  it('asks for a new password after an admin set it (a new account, a reset), until the user chose one', async () => {
    type Login = { token: string; mustChangePassword: boolean };
    const login = async (password: string) =>
      (await t.must(null, 'auth:login', { username: 'clerk1', password })) as Login;
    await t.must(t.adminToken, 'user:create', {
      username: 'clerk1',
      displayName: '窗口一',
      role: 'clerk',
      password: PASSWORD,
    });
    const first = await login(PASSWORD);
    expect(first.mustChangePassword).toBe(true);
    expect((await t.must(first.token, 'auth:session', {})).mustChangePassword).toBe(true);
    // The admin knows the initial one: it may not be kept.
    const same = await t.call(first.token, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.ok ? null : same.error.fields).toEqual({ newPassword: '新密码不能与管理员设置的密码相同' });
    await t.must(first.token, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Mine12345' });
    expect((await t.must(first.token, 'auth:session', {})).mustChangePassword).toBe(false);
    expect((await login('Mine12345')).mustChangePassword).toBe(false);
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    await t.must(t.adminToken, 'user:resetPassword', { id, newPassword: 'Reset1234' });
    expect((await login('Reset1234')).mustChangePassword).toBe(true);
    // The first admin chose their own.
    expect((await t.must(t.adminToken, 'auth:session', {})).mustChangePassword).toBe(false);
  });

  it('logs out', async () => {
    await t.must(t.adminToken, 'auth:logout', {});
    expect((await t.call(t.adminToken, 'user:list', {})).ok).toBe(false);
  });
});
