// A PDF is made while the user may do something else: the 打开 PDF button that appears when it is
// ready takes the focus unless a dialog other than its own holds it, or a field is being typed into
// (useArrivalFocus). Stats' PDF in the browser, its answer held back until 修改密码 is open over the
// page, or while a field of the page has the caret; and the archive extract, whose button appears
// inside its own dialog.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { workerInput } from '../fixtures/env';
import { type E2E, dialogSettled, login, reportFailures, startE2E } from './harness';

let e: E2E;
reportFailures(() => e);
let workerId: number;

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
  workerId = (
    await e.admin<{ id: number }>('worker:create', workerInput({ idNumber: makeId('530523', '19860101', 5) }))
  ).id;
  await login(e.page, e.url, 'clerk1', 'Clerk1234');
});
afterAll(async () => {
  await e?.close();
});
// Each test on a freshly loaded page (the session survives a reload): no dialog or held request
// left behind by the one before.
beforeEach(async () => {
  await e.page.unrouteAll({ behavior: 'ignoreErrors' });
  await e.page.reload();
  // After the reload: the login's redirect home, if still pending when the page was left, has landed
  // by now (under load in CI it once took the page back home after the test had gone to 统计分析).
  await e.page.goto(`${e.url}/#/stats`);
  await e.page.getByRole('button', { name: '打印统计报表 PDF' }).waitFor();
});

/** Holds the page's next request on `channel` until `release()`; `arrived` once it is held. */
async function hold(page: Page, channel: string) {
  let held!: () => void;
  const arrived = new Promise<void>((r) => (held = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(`**/api/${channel}`, async (route: Route) => {
    held();
    await released;
    await route.continue();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page sent no ${channel} request within 30 s`)), 30_000);
  });
  return { arrived: Promise.race([arrived, late]).finally(() => clearTimeout(timer)), release };
}

const openPdf = (page: Page) => page.getByRole('button', { name: '打开 PDF' });
/** Where the keyboard is: the focused element's text or label, and whether it is in a dialog. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      text: el?.textContent?.trim() || el?.getAttribute('aria-label') || el?.id || el?.tagName,
      inDialog: !!el?.closest('[role="dialog"]'),
    };
  });

describe('the focus when a PDF is ready', () => {
  it('goes to 打开 PDF when nothing else holds it: Enter opens the PDF', async () => {
    const { page } = e;
    await page.getByRole('button', { name: '打印统计报表 PDF' }).click();
    await openPdf(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page)).toEqual({ text: '打开 PDF', inDialog: false });
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Enter')]);
    expect(tab.url()).toMatch(/^blob:/);
    await tab.close();
  });

  it('stays in a dialog opened while the PDF was being made: typing goes to its field', async () => {
    const { page } = e;
    // The server's answer waits until 修改密码 is open and being typed into.
    const { arrived, release } = await hold(page, 'stats:pdf');
    await page.getByRole('button', { name: '打印统计报表 PDF' }).click();
    await arrived;
    await page.getByRole('button', { name: '修改密码' }).click();
    const old = page.getByRole('dialog').getByLabel('原密码');
    await expect.poll(() => old.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Clerk');
    release();
    await openPdf(page).waitFor({ timeout: 30_000 });
    // With autoFocus the button took the focus at once, and antd's focus trap sent it back to the
    // dialog's first control (the title's ×), not to the field: '1234' was lost, Enter closed it.
    await page.keyboard.type('1234');
    expect(await old.inputValue()).toBe('Clerk1234');
    expect(await focused(page)).toEqual({ text: 'oldPassword', inDialog: true });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('stays in a field of the page being typed into while the PDF was made', async () => {
    const { page } = e;
    const { arrived, release } = await hold(page, 'stats:pdf');
    await page.getByRole('button', { name: '打印统计报表 PDF' }).click();
    await arrived;
    // The filter's search field, as an institution's scan field would be for the next voucher.
    const field = page.getByRole('combobox').first();
    await field.click();
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    release();
    await openPdf(page).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('goes to 打开 PDF inside its own dialog (the archive extract)', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers/${workerId}`);
    await page.getByRole('button', { name: '打印档案摘要' }).click();
    await dialogSettled(page);
    // The focus is elsewhere in the same dialog when the PDF arrives.
    const { arrived, release } = await hold(page, 'archive:extract');
    await page.getByRole('dialog').getByRole('button', { name: '生成档案摘要' }).click();
    await arrived;
    // The footer's 关闭 (the title's × is named 关闭 too).
    await page.getByRole('dialog').getByRole('button', { name: '关闭', exact: true }).last().focus();
    release();
    await page.getByRole('dialog').getByRole('button', { name: '打开 PDF' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page)).toEqual({ text: '打开 PDF', inDialog: true });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });
});
