import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Artifact } from '../../shared/contract/schemas/keys';
import type { Job } from '../../shared/contract/schemas/voucher';
import { CHROMIUM, CHROMIUM_ARGS, type E2E, login, reportFailures, startE2E } from './harness';
import { OPERATOR, setupInstitution, type InstitutionSetup } from './institutionSetup';
import { qrY4m } from './y4m';

let e: E2E;
reportFailures(() => e);
let s: InstitutionSetup;

const verdict = (page: Page) => page.locator('[data-verdict]');
const isFocused = (page: Page, label: string) => page.getByLabel(label).evaluate((el) => el === document.activeElement);

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  s = await setupInstitution(e);
});
afterAll(async () => {
  await e?.close();
});

describe('扫码核销 in Chromium', () => {
  it('redeems a voucher typed by a keyboard-wedge scanner, after the holder ID, exactly once', async () => {
    const { page } = e;
    const { v, idNumber } = await s.issueVoucher();
    await login(page, e.url, OPERATOR.username, OPERATOR.password);
    await expect.poll(() => page.getByRole('menuitem', { name: '扫码核销' }).count()).toBe(1);
    expect(await page.getByRole('menuitem', { name: '劳动者档案' }).count()).toBe(0);
    await page.goto(`${e.url}/#/redeem`);
    await expect.poll(() => isFocused(page, '扫描或输入培训券')).toBe(true);

    await page.keyboard.type(v.qrText, { delay: 0 });
    await page.keyboard.press('Enter');
    await expect.poll(() => verdict(page).getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    await expect.poll(() => verdict(page).textContent()).toContain('可以核销');
    expect(await page.getByText(v.serial).count()).toBeGreaterThan(0);
    await expect.poll(() => isFocused(page, '持券人身份证号')).toBe(true);

    await page.keyboard.type(idNumber);
    await page.keyboard.press('Enter');
    await expect.poll(() => verdict(page).getAttribute('data-verdict'), { timeout: 10_000 }).toBe('redeemed');
    await expect.poll(() => verdict(page).textContent()).toContain('核销成功');
    expect(await e.db.value('SELECT status FROM voucher WHERE serial = ?', v.serial)).toBe('redeemed');

    await expect.poll(() => isFocused(page, '扫描或输入培训券')).toBe(true);
    await page.keyboard.type(v.qrText, { delay: 0 });
    await page.keyboard.press('Enter');
    await expect.poll(() => verdict(page).getAttribute('data-verdict'), { timeout: 10_000 }).toBe('already_used');
    await expect.poll(() => verdict(page).textContent()).toContain('已被核销');
    expect(await verdict(page).textContent()).toContain(s.institution.name);
  });

  it('reads the voucher QR from the camera', async () => {
    const { v } = await s.issueVoucher();
    const dir = mkdtempSync(join(tmpdir(), 'longling-cam-'));
    const y4mPath = join(dir, 'voucher.y4m');
    qrY4m(v.qrText, y4mPath);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          ...CHROMIUM_ARGS,
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${y4mPath}`,
        ],
      });
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
      await context.grantPermissions(['camera'], { origin: e.url });
      const page = await context.newPage();
      const foreign: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(e.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
          foreign.push(r.url());
      });
      // Bounded by the test's own time: login and the camera's start may take more than the default 30 s under load.
      const wasm = page.waitForResponse((r) => r.url().startsWith(e.url) && r.url().endsWith('.wasm'), {
        timeout: 80_000,
      });
      await login(page, e.url, OPERATOR.username, OPERATOR.password);
      await page.goto(`${e.url}/#/redeem`);
      await page.getByRole('button', { name: '摄像头扫码' }).click();
      await expect.poll(() => verdict(page).getAttribute('data-verdict'), { timeout: 15_000 }).toBe('valid');
      expect(await page.getByText(v.serial).count()).toBeGreaterThan(0);
      expect(await page.getByLabel('扫描或输入培训券').inputValue()).toBe(v.qrText);
      expect((await wasm).status()).toBe(200); // the decoder is the app's own file, never a CDN
      expect(foreign).toEqual([]);
      await page.getByRole('button', { name: '关闭摄像头' }).click();
      await expect.poll(() => page.locator('video').count()).toBe(0);
    } finally {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a dropped photo of the voucher, and lets the operator pick one voucher of a PDF', async () => {
    const { page } = e;
    const a = await s.issueVoucher();
    const b = await s.issueVoucher();
    const dir = mkdtempSync(join(tmpdir(), 'longling-files-'));
    try {
      const png = join(dir, '培训券照片.png');
      await QRCode.toFile(png, a.v.qrText, { errorCorrectionLevel: 'Q', margin: 4, scale: 6 });
      let job = await e.admin<Job>('voucher:pdf', { ids: [a.v.id, b.v.id], layout: 'a4' });
      const until = Date.now() + 30_000;
      while (job.state === 'running') {
        if (Date.now() > until) throw new Error('voucher:pdf still running after 30 s');
        await new Promise((r) => setTimeout(r, 100));
        job = await e.admin<Job>('job:get', { id: job.id });
      }
      const { artifactId } = job.result as { artifactId: string };
      const pdf = join(dir, 'vouchers.pdf');
      writeFileSync(pdf, Buffer.from((await e.admin<Artifact>('artifact:get', { id: artifactId })).base64, 'base64'));

      await page.goto(`${e.url}/#/redeem`);
      const fileInput = page.locator('input[type=file]');
      await fileInput.setInputFiles(png);
      await expect.poll(() => verdict(page).getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
      expect(await page.getByText(a.v.serial).count()).toBeGreaterThan(0);

      await fileInput.setInputFiles(pdf);
      const picker = page.getByRole('dialog');
      const row = picker.getByRole('row').filter({ hasText: b.v.serial });
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      expect(await picker.getByRole('row').filter({ hasText: a.v.serial }).count()).toBe(1);
      await row.getByRole('button', { name: '选择' }).click();
      await expect.poll(() => page.getByLabel('扫描或输入培训券').inputValue()).toBe(b.v.qrText);
      await expect.poll(() => verdict(page).getAttribute('data-verdict')).toBe('valid');
      await expect.poll(() => isFocused(page, '持券人身份证号')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
