// 在线会话 and 所属乡镇 in Chromium (issue 14 §3, §4): two browser contexts, an admin and a township
// clerk. The clerk's header names their township; the admin sees the clerk's session with its
// address and ends it (强制下线); the clerk's next step lands on the login screen with the reason,
// whichever of the calls that step sends at once is answered first.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type E2E, login, reportFailures, startE2E, popupSettled } from './harness';

const SHOTS = '/tmp/township';
const STATION = { username: 'station1', password: 'Passw0rd!' };

let e: E2E;
reportFailures(() => e);
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e = await startE2E();
  await e.admin('user:create', {
    ...STATION,
    displayName: '镇安镇服务站',
    role: 'clerk',
    townships: ['530523102'],
  });
});
afterAll(async () => {
  await e?.close();
});

describe('强制下线 in Chromium', () => {
  it('shows a township clerk’s binding, lists their session, ends it, and tells them why', async () => {
    const { page: admin } = e;
    await admin.setViewportSize({ width: 1280, height: 720 });
    const clerkContext = await e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
    const clerk = await clerkContext.newPage();
    e.watch(clerk, 'the township clerk');
    await login(clerk, e.url, STATION.username, STATION.password);
    await expect.poll(() => clerk.getByText('所属乡镇：镇安镇').count()).toBe(1);
    await clerk.screenshot({ path: `${SHOTS}/township-clerk-header.png` });

    await login(admin, e.url, ADMIN.username, ADMIN.password);
    await admin.goto(`${e.url}/#/admin?tab=users`);
    const stationRow = admin.getByRole('row', { name: /station1/ });
    await expect.poll(() => stationRow.getByText('镇安镇', { exact: true }).count()).toBe(1);
    await admin.screenshot({ path: `${SHOTS}/users-townships.png` });

    await admin.goto(`${e.url}/#/admin?tab=sessions`);
    const row = admin.getByRole('row', { name: /镇安镇服务站/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/经办人.*127\.0\.0\.1.*浏览器/);
    await admin.screenshot({ path: `${SHOTS}/sessions-admin.png` });

    await row.getByRole('button', { name: '强制下线' }).click();
    await popupSettled(admin);
    await admin.getByRole('tooltip').getByRole('button', { name: '强制下线' }).click();
    await expect.poll(() => admin.getByText('已将 镇安镇服务站 强制下线').count()).toBeGreaterThan(0);
    await expect.poll(() => admin.getByRole('row', { name: /镇安镇服务站/ }).count()).toBe(0);

    await clerk.getByRole('menuitem', { name: '培训券' }).click();
    await expect.poll(() => clerk.getByText('您已被管理员强制下线，请重新登录').count(), { timeout: 15_000 }).toBe(1);
    await clerk.getByLabel('用户名').waitFor();
    await clerk.screenshot({ path: `${SHOTS}/sessions-clerk-ended.png` });

    const audit = await e.db.all<{ action: string }>("SELECT action FROM audit_log WHERE action = 'endSession'");
    expect(audit).toHaveLength(1);
    await clerkContext.close();
  });
});
