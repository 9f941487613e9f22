import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/contract/schemas/settings';
import { getSettings } from '../../electron/db/repos/settings.repo';
import { ADMIN, type E2E, login, reportFailures, startE2E } from './harness';

let e: E2E;
reportFailures(() => e);
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
    await page.getByLabel('登录有效期（小时）').fill('8');
    const dir = join(e.dir, 'usb');
    mkdirSync(dir);
    await page.getByLabel('备份文件夹').fill(dir);
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('系统设置已保存').count()).toBeGreaterThan(0);
    const s: Settings = await getSettings(e.env.db.reader);
    expect(s).toMatchObject({
      settleFullAttendancePct: 90,
      targetPersonTimes: 12000,
      sessionMaxHours: 8,
      backupDir: dir,
    });

    await page.getByRole('button', { name: '立即备份' }).click();
    await expect.poll(() => page.getByText(/已备份并校验/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/longling-\d{8}-\d{6}\.db/).count()).toBeGreaterThan(0);
    expect((await getSettings(e.env.db.reader)).lastBackupAt).not.toBe('');
    expect(existsSync(dir)).toBe(true);
    await page.screenshot({ path: '/tmp/shots/settings.png', fullPage: true });
  });
});

describe('a session the server ended, in Chromium', () => {
  it('returns to the login page saying why (here: the account was disabled)', async () => {
    const user = await e.admin<{ id: number }>('user:create', {
      username: 'clerk9',
      displayName: '窗口九',
      role: 'clerk',
      password: 'Clerk9pass',
    });
    const page = await e.browser.newPage({ locale: 'zh-CN' });
    try {
      await login(page, e.url, 'clerk9', 'Clerk9pass');
      await e.admin('user:setDisabled', { id: user.id, disabled: true });
      // Whichever call comes next (the voucher list's, a heartbeat's) is told why; the login page shows it.
      await page.evaluate(() => (window.location.hash = '#/vouchers'));
      await expect
        .poll(() => page.getByText('您的账号已被停用，已退出登录。如有疑问请联系系统管理员').count(), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      expect(await page.getByLabel('用户名').count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
