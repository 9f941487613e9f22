import { mkdirSync } from 'node:fs';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import type { ClassSummary } from '../../shared/contract/schemas/training';
import { type E2E, dialogSettled, login, reportFailures, startE2E, popupSettled } from './harness';
import { OPERATOR, setupInstitution, type InstitutionSetup } from './institutionSetup';

const SHOTS = '/tmp/shots';
const CLERK = { username: 'clerk1', password: 'Clerk1234' };
const REVIEWER = { username: 'reviewer1', password: 'Review1234' };
const ADMIN2 = { username: 'admin2', password: 'Admin21234' };

let e: E2E;
reportFailures(() => e);
let s: InstitutionSetup;
/** Each certified voucher's holder ID number, for an attempt at another institution. */
const holderOf = new Map<string, string>();

/** Calls a channel as the institution's operator, who runs the class the vouchers were used in. */
async function asOperator<T>(token: string, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(e.env, token, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

/** An operator of a second institution tries the voucher again, with its holder's ID number. */
async function rivalAttempt(serial: string): Promise<void> {
  const rival = await e.admin<{ id: number }>('catalog:institutionSave', {
    code: 'LL-PX-002',
    name: '龙陵县第二培训学校',
    nature: 'private',
    status: 'active',
    approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
  });
  const op2 = { username: 'op2', password: 'Operator234' };
  await e.admin('user:create', {
    ...op2,
    displayName: '二校操作员',
    role: 'institutionOperator',
    institutionId: rival.id,
  });
  const signIn = await dispatch(e.env, null, 'auth:login', op2);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const qrText = (await e.db.value('SELECT qr_text FROM voucher WHERE serial = ?', serial)) as string;
  const r = await asOperator<{ ok: boolean; reason: string }>(
    (signIn.value as { token: string }).token,
    'redeem:confirm',
    {
      text: qrText,
      idNumber: holderOf.get(serial),
    },
  );
  expect(r).toMatchObject({ ok: false, reason: 'already_used' });
}

/** Two vouchers redeemed at the institution, trained with full attendance and certified. */
async function certifiedVouchers(): Promise<string[]> {
  const signIn = await dispatch(e.env, null, 'auth:login', OPERATOR);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const op = (signIn.value as { token: string }).token;
  const today = dayjs(e.clock.now()).format('YYYY-MM-DD');
  const serials: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { v, idNumber } = await s.issueVoucher();
    await e.admin('redeem:confirm', { text: v.qrText, idNumber, institutionCode: s.institution.code });
    serials.push(v.serial);
    holderOf.set(v.serial, idNumber);
  }
  const c = await asOperator<ClassSummary>(op, 'class:create', {
    name: '养老护理员初级班',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: today,
    endDate: dayjs(e.clock.now()).add(10, 'day').format('YYYY-MM-DD'),
    plannedHours: 40, // 五级's 最低学时 (the attendance rates are set to 0 below: an hour of the clock is enough)
  });
  await asOperator(op, 'class:addMembers', { uid: c.uid, serials });
  for (const serial of serials) await asOperator(op, 'attendance:sign', { classUid: c.uid, serial, action: 'in' });
  e.clock.advance(61 * 60_000);
  for (const [i, serial] of serials.entries()) {
    await asOperator(op, 'attendance:sign', { classUid: c.uid, serial, action: 'out' });
    await asOperator(op, 'completion:record', { serial, result: 'passed', assessedOn: today });
    await asOperator(op, 'certificate:record', {
      serial,
      type: 'skill_level',
      number: `S00005305230000${i + 1}`,
      occupationCode: '4-10-01-05',
      level: 'L5',
      issuingBody: '龙陵县职业技能鉴定所',
      issuedOn: today,
    });
  }
  return serials;
}

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  s = await setupInstitution(e);
  // The setup moves the clock by an hour; the attendance rules themselves are tested in tests/db.
  await e.admin('settings:update', { idleLockMinutes: 240, minAttendancePct: 0, settleFullAttendancePct: 0 });
  await e.admin('user:create', { ...CLERK, displayName: '窗口一', role: 'clerk' });
  await e.admin('user:create', { ...REVIEWER, displayName: '复核一', role: 'reviewer' });
  await e.admin('user:create', { ...ADMIN2, displayName: '管理员二', role: 'admin' });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await e?.close();
});

const dialog = (page: Page) => page.getByRole('dialog');

async function logout(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByLabel('用户名').waitFor();
}

describe('资金结算 in Chromium', () => {
  it('a second admin confirms, in 用户管理, the accounts the first one made for the two people of settlement', async () => {
    const { page } = e;
    await login(page, e.url, ADMIN2.username, ADMIN2.password);
    await page.getByRole('menuitem', { name: '系统管理' }).click();
    const card = page.getByRole('region', { name: '账号变更待确认' });
    for (const name of ['窗口一', '复核一']) {
      const row = card.getByRole('row').filter({ hasText: name });
      await row.getByRole('button', { name: '确认' }).click();
      await popupSettled(page);
      await page.locator('.ant-popconfirm').getByRole('button', { name: '确认' }).click();
      await expect.poll(() => card.getByRole('row').filter({ hasText: name }).count()).toBe(0);
    }
    // Its own account waits for a third admin: the button says why it is not for this one.
    const own = card.getByRole('row').filter({ hasText: '管理员二' });
    expect(await own.getByRole('button', { name: '确认' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/account-changes.png` });
    await logout(page);
    const pending = await e.db.value(
      'SELECT count(*) FROM account_change c JOIN app_user u ON u.id = c.user_id WHERE u.username IN (?, ?) AND c.confirmed_by IS NULL',
      CLERK.username,
      REVIEWER.username,
    );
    expect(pending).toBe(0);
  });

  it('a clerk prepares a batch, cannot approve it; a reviewer approves it and records the payment', async () => {
    const { page } = e;
    const serials = await certifiedVouchers();
    const status = async (serial: string) => await e.db.value('SELECT status FROM voucher WHERE serial = ?', serial);
    expect(await Promise.all(serials.map(status))).toEqual(['certified', 'certified']);

    await login(page, e.url, CLERK.username, CLERK.password);
    await page.getByRole('menuitem', { name: '资金结算' }).click();
    await page.getByRole('button', { name: '新建结算批次' }).click();
    const institution = page.getByLabel('培训机构', { exact: true });
    await institution.click();
    await page.keyboard.type('龙陵县职业技能');
    await page.keyboard.press('Enter');
    for (const serial of serials) await page.getByRole('row').filter({ hasText: serial }).waitFor();
    const summary = page.getByRole('region', { name: '结算合计' });
    await expect.poll(() => summary.textContent()).toContain('已选 2 张，合计 ¥3,000.00（叁仟元整）');
    await page.screenshot({ path: `${SHOTS}/settlement-new.png`, fullPage: true });

    await page.getByLabel('备注').fill('2026 年第一批');
    await page.getByRole('button', { name: '提交复核' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/#\/settlement\/\d+$/);
    const url = page.url();
    await page.getByText('大写：叁仟元整').waitFor();
    await expect.poll(() => page.getByText('¥3,000.00', { exact: true }).count()).toBe(1);

    // The preparer may not review the batch: the buttons are there, disabled, and say why.
    const approve = page.getByRole('button', { name: '复核通过' });
    expect(await approve.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '退回' }).isDisabled()).toBe(true);
    await approve.hover({ force: true });
    const tip = page.getByRole('tooltip').filter({ hasText: '不能复核自己制作的批次（须由另一人复核）' });
    await expect.poll(() => tip.isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/settlement-detail-submitted.png` });

    // Both vouchers are now in the batch: nothing is left to settle for the institution.
    await page.goto(`${e.url}/#/settlement/new?institution=${s.institution.id}`);
    await page.getByText('该机构暂无可结算的培训券').first().waitFor();
    await logout(page);

    // A reviewer starts on 资金结算: the batch waiting is counted on its tab and in the menu.
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, e.url, REVIEWER.username, REVIEWER.password);
    await expect.poll(() => page.url()).toMatch(/#\/settlement$/);
    await page.getByRole('tab', { name: '待复核（1）' }).waitFor();
    await page.getByRole('menuitem', { name: '资金结算' }).locator('.ant-badge').getByText('1').waitFor();
    mkdirSync('/tmp/ui-b', { recursive: true });
    await page.screenshot({ path: '/tmp/ui-b/reviewer-landing.png' });
    // Another institution's operator tries to redeem one of its vouchers with the holder at the counter:
    // the rules flag it (一券两家申报), on the batch and in the question (the approval runs them again,
    // so the flag must be one they find).
    await rivalAttempt(serials[0]!);
    await e.admin('anomaly:scan', {});
    await page.goto(url);
    const flags = page.getByRole('alert').filter({ hasText: '本批次涉及的异常提示（1 条）' });
    await flags.waitFor();
    expect(await flags.textContent()).toContain(`同一张券被两家机构申报核销：券 ${serials[0]} 已由`);
    // At 1280 pixels the items keep readable columns (the plan was one character wide) and scroll sideways.
    const items = page.locator('.ant-card').filter({ hasText: '拨付明细（2 张）' });
    await items.screenshot({ path: `${SHOTS}/settlement-items-1280.png` });
    // Each batch line opens the attendance and the certificate it rests on.
    await page
      .getByRole('row')
      .filter({ hasText: serials[0] })
      .getByRole('button', { name: /S00005305230000/ })
      .click();
    await dialog(page).getByText('合格', { exact: false }).first().waitFor();
    await dialog(page)
      .getByText(/S00005305230000\d（龙陵县职业技能鉴定所/)
      .waitFor();
    await expect.poll(() => dialog(page).getByRole('row').count()).toBeGreaterThan(1);
    expect(await dialog(page).textContent()).not.toMatch(/\d{17}[\dX]/);
    await dialogSettled(page); // the modal's opening animation, for the screenshot
    await page.screenshot({ path: '/tmp/ui-b/settlement-training-record.png' });
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    const sentDigests: unknown[] = [];
    page.on('request', (r) => {
      const body = r.postData() ?? '';
      if (body.includes('anomaliesDigest')) sentDigests.push(/"anomaliesDigest":"([0-9a-f]+)"/.exec(body)?.[1]);
    });
    await page.getByRole('button', { name: '复核通过' }).click();
    await dialog(page)
      .getByText('本批次涉及 1 条异常提示（见批次信息下方），请核实后再通过。', { exact: false })
      .waitFor();
    await dialogSettled(page); // the modal's opening animation, for the screenshot
    await page.screenshot({ path: `${SHOTS}/settlement-approve-flagged.png` });
    await dialog(page).getByRole('button', { name: '复核通过' }).click();
    await page.getByRole('button', { name: '登记拨付' }).waitFor();
    await expect.poll(() => page.getByText(/复核一/).count()).toBeGreaterThan(0);
    // The batch's history keeps how many flags it carried when it was approved.
    await expect.poll(() => page.getByText('本批次涉及 1 条异常提示', { exact: true }).count()).toBe(1);
    // The page sent which flags it showed (the list's digest), the ones the approval found.
    const approval = JSON.parse(
      String(await e.db.value("SELECT after_json FROM audit_log WHERE action = 'approve' ORDER BY id DESC LIMIT 1")),
    ) as { anomaliesDigest?: string; anomaliesChecked?: string };
    expect(sentDigests).toEqual([approval.anomaliesDigest]);
    expect(approval.anomaliesChecked).toBe('digest');

    await page.getByRole('button', { name: '登记拨付' }).click();
    // Irreversible: the total is shown and the 凭证号 must be typed twice, the same.
    await dialog(page).getByText('合计 ¥3,000.00（叁仟元整）', { exact: false }).waitFor();
    await page.getByLabel('拨付凭证号', { exact: true }).fill('CZ-2026-0088');
    await page.getByLabel('再次输入拨付凭证号').fill('CZ-2026-0089');
    await page.keyboard.press('Enter');
    await dialog(page).getByText('两次输入的拨付凭证号不一致').waitFor();
    await page.screenshot({ path: '/tmp/ui-b/settlement-pay-confirm.png' });
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await e.db.value("SELECT count(*) FROM settlement_batch WHERE status = 'paid'")).toBe(0);
    await page.getByLabel('再次输入拨付凭证号').fill('CZ-2026-0088');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByText('CZ-2026-0088').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('登记拨付', { exact: true }).count()).toBeGreaterThan(0); // the history
    expect(await Promise.all(serials.map(status))).toEqual(['settled', 'settled']);
    await page.screenshot({ path: `${SHOTS}/settlement-detail-paid.png` });
    await page.getByRole('button', { name: '打印拨付明细 PDF' }).click();
    await page.getByRole('link', { name: /下载/ }).waitFor({ timeout: 30_000 });

    // Money found not earned is taken back from one voucher, in 元 on screen and in 分 on record.
    await page.getByRole('row').filter({ hasText: serials[0] }).getByRole('button', { name: '追回' }).click();
    await page.getByLabel('追回金额（元）').fill('500.5');
    await page.getByLabel('追回原因').fill('抽查发现缺课，按规定追回部分补贴');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByText('500.50', { exact: true }).count()).toBe(1);
    expect(await e.db.value('SELECT sum(amount_fen) FROM subsidy_recovery')).toBe(50050);
    await page.locator('.ant-timeline').screenshot({ path: `${SHOTS}/settlement-detail-history.png` });

    await page.getByRole('menuitem', { name: '资金结算' }).click();
    const row = page.getByRole('row').filter({ hasText: 'CZ-2026-0088' });
    await row.waitFor();
    await expect.poll(() => row.getByText('已拨付').count()).toBe(1);
    await expect.poll(() => row.getByText('3,000.00', { exact: true }).count()).toBe(1);

    await page.screenshot({ path: `${SHOTS}/settlement-list.png` });

    await page.getByRole('button', { name: '资金台账' }).click();
    await page.getByText('合计', { exact: true }).waitFor();
    await page.screenshot({ path: `${SHOTS}/settlement-ledger.png`, fullPage: true });
  });
});
