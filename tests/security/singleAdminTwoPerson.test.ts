// Attack reproduced: "The two-person rule is one person's". An admin prepared a settlement batch,
// created a second reviewer account and approved with it. Also the ways around a rule that only
// compares two account ids: one admin making both the clerk and the reviewer account, resetting
// the real reviewer's password after the batch came in, or re-enabling an old reviewer account.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { m011 } from '../../electron/db/migrations/011_two_person_hours';
import { confirmAccounts, secondAdmin } from '../fixtures/accounts';
import { PASSWORD } from '../fixtures/env';
import { trainVoucher } from '../fixtures/training';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { passwordChosen } from '../fixtures/passwordChosen';

let t: VoucherEnv;
let op: string;

beforeEach(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
});
afterEach(() => t.close());

const userId = async (username: string) =>
  (await t.db.value('SELECT id FROM app_user WHERE username = ?', username)) as number;
const login = async (username: string, password = PASSWORD) =>
  (await t.must(null, 'auth:login', { username, password })).token;

/** A batch of one certified voucher (a new one unless given), prepared by `preparer` (a clerk's token). */
async function batchBy(preparer: string, voucherId?: number) {
  const id = voucherId ?? (await trainVoucher(t, op)).voucherId;
  await t.must(preparer, 'auth:unlock', { password: PASSWORD });
  return t.must(preparer, 'settlement:create', { institutionId: t.institutionId, voucherIds: [id] });
}

/** An account made by `by`, its user having chosen their own password at first login. */
async function makeAccount(by: string, username: string, role: 'clerk' | 'reviewer') {
  await t.must(by, 'user:create', { username, displayName: username, role, password: PASSWORD });
  await passwordChosen(t.db, username);
}

async function newAccount(by: string, username: string, role: 'clerk' | 'reviewer') {
  await makeAccount(by, username, role);
  return login(username);
}

/** What the database says when the approval is written straight into it, bypassing the service. */
function approveInDb(batchId: number, reviewer: string) {
  return async () =>
    await t.db.run(
      "UPDATE settlement_batch SET status = 'approved', reviewed_by = ?, reviewed_at = ? WHERE id = ?",
      await userId(reviewer),
      t.clock.now().toISOString(),
      batchId,
    );
}

describe('no one person moves money', () => {
  it('refuses the reported attack: an admin neither prepares nor approves, nor approves through a reviewer made after the batch', async () => {
    const v = await trainVoucher(t, op);
    const byAdmin = await t.call(t.adminToken, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [v.voucherId],
    });
    expect(byAdmin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const batch = await t.must(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [v.voucherId],
    });
    expect(await t.call(t.adminToken, 'settlement:approve', { id: batch.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const made = await newAccount(t.adminToken, 'rev-new', 'reviewer');
    const r = await t.call(made, 'settlement:approve', { id: batch.id });
    expect(r.ok ? null : r.error.message).toBe(
      `不能复核此批次：您的账号在批次提交（${batch.preparedAt.slice(0, 10)}）之后才由“管理员”于 ${batch.preparedAt.slice(0, 10)} 创建，` +
        '尚未经另一位系统管理员确认。请由与制单人无关的另一位复核人复核，或请另一位系统管理员在“系统管理 → 用户管理”中确认这项账号变更。',
    );
    await expect(approveInDb(batch.id, 'rev-new')()).rejects.toThrow(/two-person rule/);
    expect((await t.must(t.clerk, 'settlement:get', { id: batch.id })).status).toBe('submitted');

    // The bureau's real reviewer, whose account a second admin confirmed, approves it.
    expect(await t.must(t.reviewer, 'settlement:approve', { id: batch.id })).toMatchObject({ status: 'approved' });
  });

  it('refuses a clerk and a reviewer that one admin made, until a second admin confirms one of them', async () => {
    const clerk = await newAccount(t.adminToken, 'clerk-a', 'clerk');
    const reviewer = await newAccount(t.adminToken, 'rev-a', 'reviewer');
    t.clock.advance(60_000);
    const batch = await batchBy(clerk);
    await t.must(reviewer, 'auth:unlock', { password: PASSWORD });
    const r = await t.call(reviewer, 'settlement:approve', { id: batch.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(r.ok ? '' : r.error.message).toContain('和制单人“clerk-a”的账号（于');
    expect(r.ok ? '' : r.error.message).toContain('都出自管理员“管理员”之手，一人即可同时使用两个账号');
    await expect(approveInDb(batch.id, 'rev-a')()).rejects.toThrow(/two-person rule/);

    // Whoever made a change cannot confirm it; a second admin can.
    const [change] = await t.must(t.adminToken, 'user:changes', { pendingOnly: true, userId: await userId('rev-a') });
    const own = await t.call(t.adminToken, 'user:confirm', { id: change!.id });
    expect(own.ok ? null : own.error.message).toBe('这项变更是您本人所做的，须由另一位系统管理员确认');
    await confirmAccounts(t, ['rev-a']);
    await t.must(reviewer, 'auth:unlock', { password: PASSWORD });
    expect(await t.must(reviewer, 'settlement:approve', { id: batch.id })).toMatchObject({ status: 'approved' });
  });

  it('refuses a reviewer the preparer made, and a preparer the reviewer made, while they were admins', async () => {
    // Trained first: the role changes below end the first admin's session, which trainVoucher unlocks.
    const [v1, v2] = [await trainVoucher(t, op), await trainVoucher(t, op)];
    const admin2 = await secondAdmin(t);
    // The first admin makes a reviewer and a clerk, then becomes a clerk and later a reviewer.
    await makeAccount(t.adminToken, 'rev-b', 'reviewer');
    await makeAccount(t.adminToken, 'clerk-b', 'clerk');
    const adminRow = { id: await userId('admin'), displayName: '管理员', institutionId: null };
    await t.must(admin2, 'user:update', { ...adminRow, role: 'clerk' });
    t.clock.advance(60_000);
    const asClerk = await login('admin');
    const mine = await batchBy(asClerk, v1.voucherId);
    const revB = await login('rev-b');
    const r1 = await t.call(revB, 'settlement:approve', { id: mine.id });
    expect(r1.ok ? '' : r1.error.message).toContain('您的账号由制单人“管理员”于');
    await expect(approveInDb(mine.id, 'rev-b')()).rejects.toThrow(/two-person rule/);

    await t.must(admin2, 'auth:unlock', { password: PASSWORD });
    await t.must(admin2, 'user:update', { ...adminRow, role: 'reviewer' });
    t.clock.advance(60_000);
    const clerkB = await login('clerk-b');
    const theirs = await batchBy(clerkB, v2.voucherId);
    const asReviewer = await login('admin');
    const r2 = await t.call(asReviewer, 'settlement:approve', { id: theirs.id });
    expect(r2.ok ? '' : r2.error.message).toContain('制单人“clerk-b”的账号由您于');
    await expect(approveInDb(theirs.id, 'admin')()).rejects.toThrow(/two-person rule/);
  });

  it("refuses the real reviewer's account after an admin reset its password or re-enabled it during review", async () => {
    const [v1, v2] = [await trainVoucher(t, op), await trainVoucher(t, op)];
    const batch = await batchBy(t.clerk, v1.voucherId);
    await t.must(t.adminToken, 'user:resetPassword', { id: await userId('reviewer1'), newPassword: 'Admin-knows-1' });
    const reset = await login('reviewer1', 'Admin-knows-1');
    // The password the admin knows serves for nothing but choosing a new one (initialPassword.test).
    const known = await t.call(reset, 'settlement:approve', { id: batch.id });
    expect(known.ok ? '' : known.error.message).toContain('请先修改初始密码');
    await t.must(reset, 'auth:changePassword', { oldPassword: 'Admin-knows-1', newPassword: 'Reviewer-own-1' });
    // Even then, the reset itself waits for a second admin.
    const r = await t.call(reset, 'settlement:approve', { id: batch.id });
    expect(r.ok ? '' : r.error.message).toContain('之后才由“管理员”于');
    expect(r.ok ? '' : r.error.message).toContain('重置密码');
    await confirmAccounts(t, ['reviewer1']); // the second admin saw the reviewer ask for it
    await t.must(reset, 'auth:unlock', { password: 'Reviewer-own-1' });
    expect(await t.must(reset, 'settlement:approve', { id: batch.id })).toMatchObject({ status: 'approved' });

    const old = await newAccount(t.adminToken, 'rev-old', 'reviewer');
    await confirmAccounts(t, ['rev-old']);
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });
    await t.must(t.adminToken, 'user:setDisabled', { id: await userId('rev-old'), disabled: true });
    expect(old).toBeTruthy();
    const second = await batchBy(t.clerk, v2.voucherId);
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });
    await t.must(t.adminToken, 'user:setDisabled', { id: await userId('rev-old'), disabled: false });
    const back = await t.call(await login('rev-old'), 'settlement:approve', { id: second.id });
    expect(back.ok ? '' : back.error.message).toContain('重新启用');
  });

  it('keeps account changes append-only, confirmed once by another enabled admin, and audited', async () => {
    await newAccount(t.adminToken, 'rev-c', 'reviewer');
    const [change] = await t.must(t.adminToken, 'user:changes', { pendingOnly: true, userId: await userId('rev-c') });
    expect(change).toMatchObject({ kind: 'create', role: 'reviewer', madeBy: '管理员', confirmedBy: null });
    const byReviewer = await t.call(t.reviewer, 'user:confirm', { id: change!.id });
    expect(byReviewer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const db = t.db;
    await expect(
      db.run('UPDATE account_change SET confirmed_by = made_by, confirmed_at = at WHERE id = ?', change!.id),
    ).rejects.toThrow(/CHECK|check constraint/);
    const clerkId = await userId('clerk1');
    await expect(
      db.run('UPDATE account_change SET confirmed_by = ?, confirmed_at = at WHERE id = ?', clerkId, change!.id),
    ).rejects.toThrow(/another enabled admin/);
    await expect(db.run('DELETE FROM account_change WHERE id = ?', change!.id)).rejects.toThrow(
      /append-only|permission denied/,
    );

    const admin2 = await secondAdmin(t);
    const own = (await t.must(admin2, 'user:changes', { pendingOnly: true, userId: await userId('admin-b') }))[0]!;
    const self = await t.call(admin2, 'user:confirm', { id: own.id });
    expect(self.ok ? null : self.error.message).toBe('不能确认对自己账号的变更：须由另一位系统管理员确认');
    const done = await t.must(admin2, 'user:confirm', { id: change!.id });
    expect(done).toMatchObject({ confirmedBy: '第二管理员', confirmedAt: expect.any(String) });
    const twice = await t.call(admin2, 'user:confirm', { id: change!.id });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // SQLite's trigger refuses any other change; on PostgreSQL the app role has no right to that column
    // at all, so the refusal comes earlier, from the grants. Either way the row stays as it was.
    await expect(db.run("UPDATE account_change SET kind = 'role' WHERE id = ?", change!.id)).rejects.toThrow(
      t.engine === 'pg' ? /permission denied for table account_change/ : /only be confirmed/,
    );
    expect(await db.value('SELECT kind FROM account_change WHERE id = ?', change!.id)).toBe('create');
    const audit = await db.all<{ username: string; entityId: string }>(
      `SELECT username, entity_id AS "entityId" FROM audit_log WHERE action = 'confirmChange'`,
    );
    expect(audit).toContainEqual({ username: 'admin-b', entityId: String(await userId('rev-c')) });
  });

  it('shows account changes on the anomaly list: pending ones, approvals made through them, and confirmations by the maker’s own admin', async () => {
    const late = await newAccount(t.adminToken, 'rev-d', 'reviewer');
    t.clock.advance(60_000);
    const batch = await batchBy(t.clerk);
    await t.must(late, 'auth:unlock', { password: PASSWORD });
    // Made by someone else than the preparer's side and before the batch: allowed, but not unseen.
    await t.must(late, 'settlement:approve', { id: batch.id });
    const admin2 = await secondAdmin(t);
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });
    await t.must(t.clerk, 'anomaly:scan', {});
    const page = await t.must(t.clerk, 'anomaly:list', { kind: 'account_change', page: 1, pageSize: 50 });
    const reasons = page.items.map((a) => a.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^“管理员”于 .+ 创建账号“rev-d”（复核人），尚未经另一位系统管理员确认$/),
    );
    expect(reasons).toContainEqual(expect.stringMatching(/^“管理员”于 .+ 创建账号“第二管理员”（系统管理员），尚未经/));
    expect(reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^结算批次 ${batch.number} 由“rev-d”于 .+ 复核通过，当时该账号的变更（“管理员”于 .+ 创建账号“rev-d”（复核人））尚未经`,
        ),
      ),
    );
    // admin-b, made by the first admin and unconfirmed, confirming the first admin's changes.
    await t.must(admin2, 'auth:unlock', { password: PASSWORD });
    const pending = await t.must(admin2, 'user:changes', { pendingOnly: true, userId: await userId('rev-d') });
    await t.must(admin2, 'user:confirm', { id: pending[0]!.id });
    await t.must(t.clerk, 'auth:unlock', { password: PASSWORD });
    await t.must(t.clerk, 'anomaly:scan', {});
    const after = await t.must(t.clerk, 'anomaly:list', { kind: 'account_change', page: 1, pageSize: 50 });
    const now = after.items.map((a) => a.reason);
    expect(now.some((x) => x.startsWith('“管理员”于') && x.includes('“rev-d”'))).toBe(false);
    expect(now.some((x) => x.startsWith(`结算批次 ${batch.number}`))).toBe(true); // history stays
    expect(now).toContainEqual(
      '管理员“第二管理员”的账号由“管理员”所建或所改且未经第三人确认，却确认了“管理员”所做的 3 项账号变更：可能是同一人操作两个账号',
    );
  });

  it('counts accounts made before this version as made by whoever the audit log names, unconfirmed', () => {
    const raw = new Database(join(mkdtempSync(join(tmpdir(), 'longling-m13-')), 'old.db'));
    migrate(raw, m011.version - 1);
    const user = raw.prepare(
      "INSERT INTO app_user (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, 'x', '2026-01-01')",
    );
    user.run(1, 'root', '老管理员', 'admin');
    user.run(2, 'rev', '老复核', 'reviewer');
    const audit = raw.prepare(
      `INSERT INTO audit_log (at, user_id, username, channel, action, entity, entity_id, after_json, prev_hash, hash)
       VALUES (?, 1, 'root', ?, ?, 'user', '2', ?, ?, ?)`,
    );
    const h = '0'.repeat(64);
    audit.run('2026-01-02T00:00:00.000Z', 'user:create', 'create', '{"role":"reviewer"}', h, h);
    audit.run('2026-02-01T00:00:00.000Z', 'user:resetPassword', 'resetPassword', null, h, h);
    migrate(raw);
    expect(
      raw.prepare('SELECT user_id, kind, role, at, made_by, made_by_name, confirmed_by FROM account_change').all(),
    ).toEqual([
      {
        user_id: 2,
        kind: 'create',
        role: 'reviewer',
        at: '2026-01-02T00:00:00.000Z',
        made_by: 1,
        made_by_name: 'root',
        confirmed_by: null,
      },
      {
        user_id: 2,
        kind: 'password',
        role: 'reviewer',
        at: '2026-02-01T00:00:00.000Z',
        made_by: 1,
        made_by_name: 'root',
        confirmed_by: null,
      },
    ]);
    raw.close();
  });
});
