import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { type E2E, login, reportFailures, startE2E } from './harness';

let e: E2E;
reportFailures(() => e);
let workerId: number;
const idNumber = makeId('530523', '19900520', 233);

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
  const w = await e.admin<{ id: number }>('worker:create', {
    idNumber,
    name: '段䶮',
    ethnicity: '傣族',
    education: 'junior',
    phone: '13912340000',
    townshipCode: '530523103',
    householdType: 'agricultural',
    employmentStatus: 'farming',
    targetGroups: ['rural_labor'],
  });
  workerId = w.id;
});
afterAll(async () => {
  await e?.close();
});

async function pick(label: string, text: string) {
  const field = e.page.getByLabel(label, { exact: true });
  await field.click();
  await e.page.keyboard.type(text);
  await e.page.keyboard.press('Enter');
}

describe('voucher issuance in Chromium', () => {
  it('a clerk issues a voucher after the rules pass and gets its PDF, whose QR verifies', async () => {
    const { page } = e;
    await login(page, e.url, 'clerk1', 'Clerk1234');
    await page.goto(`${e.url}/#/vouchers/issue?workerId=${workerId}`);
    await expect.poll(() => page.getByText('段䶮').count()).toBeGreaterThan(0);
    await pick('培训计划', '职业技能提升');
    await pick('职业（工种）', '养老护理员');
    await pick('技能等级', '五级');
    await expect.poll(() => page.getByText(/符合发券条件/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('壹仟伍佰元整', { exact: false }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '发券' }).click();
    await expect.poll(() => page.getByText(/530523-\d{4}-\d{6}-[\dX]/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const row = (await e.db.get('SELECT serial, qr_text, status FROM voucher WHERE worker_id = ?', workerId)) as {
      serial: string;
      qr_text: string;
      status: string;
    };
    expect(row.status).toBe('issued');

    // 打印培训券 opens the print dialog by itself (issue 16 §7): the PDF in a hidden frame, printed
    // once loaded. The frame's window is stood in for here, to count the print() (headless
    // Chromium has no print dialog to see).
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
        configurable: true,
        get: () => ({ focus: () => undefined, print: () => void w.printed++ }),
      });
    });
    await page.getByRole('button', { name: /打印培训券/ }).click();
    await expect
      .poll(() => page.locator('iframe[data-print]').getAttribute('src'), { timeout: 30_000 })
      .toMatch(/^blob:/);
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    const link = page.getByRole('link', { name: /下载/ });
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(e.dir, 'voucher.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('段䶮');
    expect(text).toContain(row.serial);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(e.dir, 'page')]);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(e.dir, 'page.png')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(decoded).toBe(row.qr_text);
  });

  it('refuses a second voucher while the first is unused, naming the rule', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers/${workerId}`);
    await page.getByRole('button', { name: /发放培训券/ }).click();
    await pick('培训计划', '职业技能提升');
    await pick('职业（工种）', '电工');
    await pick('技能等级', '五级');
    await expect.poll(() => page.getByText(/【未使用的培训券】/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: '发券' }).isDisabled()).toBe(true);
  });

  it('tells a clerk, who may not revoke, the two steps of 补发 instead of doing it', async () => {
    const { page } = e;
    const id = (await e.db.value('SELECT id FROM voucher WHERE worker_id = ?', workerId)) as number;
    await page.goto(`${e.url}/#/vouchers/${id}`);
    await page.getByRole('button', { name: '补发' }).click();
    const info = page.getByRole('dialog').filter({ hasText: '补发须分两步' });
    await info.getByText('先由复核人作废原券').waitFor();
    await info.getByText(/再由您在“劳动者档案”中为其重新发券/).waitFor();
    expect(await page.getByRole('button', { name: '作废' }).count()).toBe(0);
    await info.getByRole('button', { name: '知道了' }).click();
    expect(await e.db.value('SELECT status FROM voucher WHERE id = ?', id)).toBe('issued');
  });
});
