// 在线会话 and 强制下线 (issue 14 §4): an admin lists who is logged in and ends one session; the
// ended user's next call is refused with the reason, and the end is on the audit trail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

const ENDED = '您已被管理员强制下线，请重新登录';

describe('session:list', () => {
  it('shows each login with user, role, client and times, never a token', async () => {
    const clerk = await t.loginAs('clerk');
    const rows = await t.must(t.adminToken, 'session:list', {});
    const mine = rows.find((r) => r.username === 'clerk1')!;
    expect(mine).toMatchObject({
      displayName: 'clerk1',
      role: 'clerk',
      current: false,
      locked: false,
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
    });
    expect(Date.parse(mine.startedAt)).not.toBeNaN();
    expect(Date.parse(mine.lastActive)).not.toBeNaN();
    expect(['browser', 'desktop', 'cli', 'system']).toContain(mine.clientKind);
    expect(rows.find((r) => r.username === 'admin')!.current).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(clerk);
    expect(text).not.toContain(t.adminToken);
  });

  it('is refused to every role but admin', async () => {
    for (const role of ['clerk', 'reviewer', 'institutionOperator'] as const) {
      const token = await t.loginAs(role);
      const list = await t.call(token, 'session:list', {});
      expect([role, list.ok ? 'OK' : list.error.code]).toEqual([role, 'FORBIDDEN']);
      const end = await t.call(token, 'session:end', { id: 'AAAAAAAAAAAAAAAA' });
      expect([role, end.ok ? 'OK' : end.error.code]).toEqual([role, 'FORBIDDEN']);
    }
  });
});

describe('session:end (强制下线)', () => {
  it('ends that session only; its next call is told why; the end is audited', async () => {
    const clerk = await t.loginAs('clerk');
    const other = await t.loginAs('clerk');
    // Past the database store's 15 s between activity writes, so that `clerk` is the latest.
    t.clock.advance(20_000);
    expect((await t.must(clerk, 'auth:session', {})).user?.username).toBe('clerk1');
    const rows = (await t.must(t.adminToken, 'session:list', {})).filter((r) => r.username === 'clerk1');
    expect(rows).toHaveLength(2);
    // The most recently active first: `clerk` made the last call.
    const target = rows[0]!;
    await t.must(t.adminToken, 'session:end', { id: target.id });

    const refused = await t.call(clerk, 'worker:search', { q: '' });
    expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual(['UNAUTHENTICATED', ENDED]);
    expect(await t.must(clerk, 'auth:session', {})).toMatchObject({ user: null });
    expect((await t.must(other, 'auth:session', {})).user?.username).toBe('clerk1');
    expect((await t.must(t.adminToken, 'session:list', {})).map((r) => r.id)).not.toContain(target.id);

    const audit = await t.db.all<{ action: string; entity_id: string; after_json: string }>(
      "SELECT action, entity_id, after_json FROM audit_log WHERE action = 'endSession'",
    );
    expect(audit).toHaveLength(1);
    const clerkId = await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'");
    expect(String(audit[0]!.entity_id)).toBe(String(clerkId));
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ session: target.id, username: 'clerk1' });
    expect(audit[0]!.after_json).not.toContain(clerk);
  });

  it('tells every call of the ended session why: those sent together, and those after', async () => {
    // A page sends several calls at once (a list, its counts, a heartbeat). Told once only, the
    // others got a bare 登录已失效, and the page showed whichever answer it read first.
    const clerk = await t.loginAs('clerk');
    const target = (await t.must(t.adminToken, 'session:list', {})).find((r) => r.username === 'clerk1')!;
    await t.must(t.adminToken, 'session:end', { id: target.id });
    const together = await Promise.all(['', '张', '李'].map((q) => t.call(clerk, 'worker:search', { q })));
    const after = await t.call(clerk, 'worker:search', { q: '王' });
    for (const r of [...together, after]) {
      expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['UNAUTHENTICATED', ENDED]);
    }
    expect(await t.must(clerk, 'auth:session', {})).toMatchObject({ user: null, notice: ENDED });
    expect(await t.must(clerk, 'auth:session', {})).toMatchObject({ user: null, notice: ENDED });
  });

  it('tells every call after an account is disabled why, not only the first to notice', async () => {
    const DISABLED = '您的账号已被停用，已退出登录。如有疑问请联系系统管理员';
    const clerk = await t.loginAs('clerk');
    const id = Number(await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    await t.must(t.adminToken, 'user:setDisabled', { id, disabled: true });
    const first = await t.call(clerk, 'worker:search', { q: '' });
    const together = await Promise.all(['张', '李'].map((q) => t.call(clerk, 'worker:search', { q })));
    for (const r of [first, ...together]) {
      expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['UNAUTHENTICATED', DISABLED]);
    }
    expect(await t.must(clerk, 'auth:session', {})).toMatchObject({ user: null, notice: DISABLED });
  });

  it('says so for a session already ended, and lets an admin end their own', async () => {
    const gone = await t.call(t.adminToken, 'session:end', { id: 'AAAAAAAAAAAAAAAA' });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
    const bad = await t.call(t.adminToken, 'session:end', { id: 'x' });
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION');
    const own = (await t.must(t.adminToken, 'session:list', {})).find((r) => r.current)!;
    await t.must(t.adminToken, 'session:end', { id: own.id });
    const after = await t.call(t.adminToken, 'session:list', {});
    expect(after.ok ? null : after.error.message).toBe(ENDED);
  });
});
