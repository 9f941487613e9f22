// Issue 16 §7 at 1280×720: what a click produced is in view (the batch preview and its 确认, the
// redemption verdict), and a refused redemption says what to do next, without calling the attempt
// a 核销时间.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { type E2E, login, reportFailures, startE2E, dialogSettled } from './harness';
import { OPERATOR, setupInstitution, type InstitutionSetup } from './institutionSetup';

const SHOTS = '/tmp/ui-a';
const HEIGHT = 720;
let e: E2E;
reportFailures(() => e);
let s: InstitutionSetup;

beforeAll(async () => {
  e = await startE2E({ withKey: true, viewport: { width: 1280, height: HEIGHT } });
  s = await setupInstitution(e);
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
});
afterAll(async () => {
  await e?.close();
});

/** Wholly inside the window (after any smooth scrolling has ended). */
async function inView(l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= HEIGHT;
}

async function pick(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('扫码核销 after a wrong holder ID', () => {
  it('says what to do next, calls the time 尝试时间, and shows the verdict in view', async () => {
    const { page } = e;
    const { v, idNumber } = await s.issueVoucher();
    await login(page, e.url, OPERATOR.username, OPERATOR.password);
    await page.goto(`${e.url}/#/redeem`);
    await page.getByLabel('扫描或输入培训券').fill(v.qrText);
    await page.getByLabel('扫描或输入培训券').press('Enter');
    const verdict = page.locator('[data-verdict]');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    const wrong = makeId('530523', '19900101', 999);
    expect(wrong).not.toBe(idNumber);
    await page.getByLabel('持券人身份证号').fill(wrong);
    await page.getByLabel('持券人身份证号').press('Enter');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('holder_mismatch');
    const card = page.getByRole('status').filter({ has: verdict });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('下一步：请持券人出示本人身份证');
    expect(text).toContain('尝试时间');
    expect(text).not.toContain('核销时间');
    await expect.poll(() => inView(verdict)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/16a-redeem-wrong-holder.png` });
    expect(await e.db.value('SELECT status FROM voucher WHERE serial = ?', v.serial)).toBe('issued');
  });
});

describe('批量发券 at 1280×720', () => {
  it('brings the preview and its 确认 into view', async () => {
    const { page } = e;
    for (let i = 0; i < 3; i++)
      await e.admin('worker:create', workerInput({ seq: 700 + i, idNumber: makeId('530523', '19920101', 700 + i) }));
    await page.getByRole('button', { name: '退出' }).click();
    // Logged out once the answer is back (the token leaves the tab then): only then load the page again.
    await page.getByLabel('用户名').waitFor();
    await login(page, e.url, 'clerk1', 'Clerk1234');
    await page.goto(`${e.url}/#/vouchers/batch`);
    await pick(page, '培训计划', '职业技能提升');
    await pick(page, '职业（工种）', '养老护理员');
    await pick(page, '技能等级', '五级');
    await page.getByRole('button', { name: /预\s*览/ }).click();
    const confirm = page.getByRole('button', { name: /确认发放 \d+ 张/ });
    await confirm.waitFor({ timeout: 15_000 });
    await expect.poll(() => inView(confirm), { timeout: 5_000 }).toBe(true);
    await page.screenshot({ path: `${SHOTS}/16a-batch-preview.png` });
  });
});

describe('发券 at full typing speed', () => {
  it('fills plan, occupation and level from pinyin typed with Enter, without waiting for the lists', async () => {
    const { page } = e;
    const w = await e.admin<{ id: number }>(
      'worker:create',
      workerInput({ seq: 800, idNumber: makeId('530523', '19930101', 800) }),
    );
    await page.goto(`${e.url}/#/vouchers/issue?workerId=${w.id}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('planId');
    const k = page.keyboard;
    for (const typed of ['zyjn', 'ylhl', 'wj']) {
      await k.type(typed);
      await k.press('Enter');
    }
    await expect.poll(() => page.getByText(/符合发券条件/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const shown = await page.locator('.ant-form-item .ant-select').allInnerTexts();
    expect(shown.slice(0, 3)).toEqual([
      expect.stringContaining('职业技能提升'),
      expect.stringContaining('养老护理员'),
      expect.stringContaining('五级'),
    ]);
    const save = page.getByRole('button', { name: '发券' });
    await expect.poll(() => inView(save)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/16a-issue-typed.png` });
    // Esc with terms chosen asks first (issue 16 §2); 放弃 goes back to the worker.
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog').filter({ hasText: '放弃已填写的内容？' });
    await dialogSettled(page, ask);
    await ask.getByRole('button', { name: '放弃' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/workers/${w.id}$`));
  });
});
