import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/contract/schemas/settings';
import { getSettings } from '../../electron/db/repos/settings.repo';
import { ADMIN, login, startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('系统设置 in Chromium', () => {
  it('edits the rules, targets and backup folder, then backs up now and lists the backup', async () => {
    const { page } = e;
    await login(page, e.url, ADMIN.username, ADMIN.password);
    await page.goto(`${e.url}/#/admin`);
    await page.getByRole('tab', { name: '系统设置' }).click();
    const full = page.getByLabel('全额拨付出勤率（%）');
    await full.fill('90');
    await page.getByLabel('培训人次').fill('12000');
    const dir = join(e.dir, 'usb');
    mkdirSync(dir);
    await page.getByLabel('备份文件夹').fill(dir);
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('系统设置已保存').count()).toBeGreaterThan(0);
    const s: Settings = getSettings(e.env.db);
    expect(s).toMatchObject({ settleFullAttendancePct: 90, targetPersonTimes: 12000, backupDir: dir });

    await page.getByRole('button', { name: '立即备份' }).click();
    await expect.poll(() => page.getByText(/已备份并校验/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/longling-\d{8}-\d{6}\.db/).count()).toBeGreaterThan(0);
    expect(getSettings(e.env.db).lastBackupAt).not.toBe('');
    expect(existsSync(dir)).toBe(true);
    await page.screenshot({ path: '/tmp/shots/settings.png', fullPage: true });
  });
});
