import { maskIdNumber } from '../../shared/domain/mask';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId, withWrongCheck } from '../fixtures/ids';
import { ADMIN, type E2E, login, reportFailures, startE2E } from './harness';

let e: E2E;
reportFailures(() => e);
beforeAll(async () => {
  e = await startE2E();
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
});
afterAll(async () => {
  await e?.close();
});

describe('worker registration in Chromium', () => {
  it('refuses a wrong password, then logs the clerk in', async () => {
    const { page } = e;
    await page.goto(e.url);
    await page.getByLabel('用户名').fill('clerk1');
    await page.getByLabel('密码').fill('wrong-password1');
    await page.getByLabel('密码').press('Enter');
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBeGreaterThan(0);
    await login(page, e.url, 'clerk1', 'Clerk1234');
    await expect.poll(() => page.getByText('窗口一').count()).toBeGreaterThan(0);
  });

  it('registers a worker by keyboard, with the precise message for a bad ID first', async () => {
    const { page } = e;
    const id = makeId('530523', '19880315', 517);
    await page.goto(`${e.url}/#/workers/new`);
    const idField = page.getByLabel('公民身份号码');
    await expect.poll(() => idField.evaluate((el) => el === document.activeElement)).toBe(true);
    await idField.fill(withWrongCheck(id));
    await expect.poll(() => page.getByText(`校验位应为 ${id[17]}`).count()).toBeGreaterThan(0);
    await idField.fill(id);
    await expect.poll(() => page.getByText('1988-03-15').count()).toBeGreaterThan(0);
    await idField.press('Enter');
    await page.keyboard.type('杨䶮');
    await page.keyboard.press('Enter'); // → 民族 (汉族 by default)
    await page.keyboard.press('Enter'); // → 文化程度
    await page.keyboard.type('初中');
    await page.keyboard.press('Enter');
    await page.keyboard.type('13912345678');
    await page.keyboard.press('Enter'); // → 乡镇
    await page.keyboard.type('龙山');
    await page.keyboard.press('Enter');
    await page.keyboard.type('白塔村');
    await page.keyboard.press('Enter');
    await page.keyboard.type('白塔村三组');
    await page.keyboard.press('Enter'); // → 户口性质
    await page.keyboard.type('农业');
    await page.keyboard.press('Enter');
    await page.keyboard.type('务农');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByText('登记成功').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The detail view shows the number masked, as everywhere until someone asks for it in full.
    await expect.poll(() => page.getByText(maskIdNumber(id)).count()).toBeGreaterThan(0);
    const row = await e.db.get(
      'SELECT name, township_code, education, household_type, employment_status FROM worker WHERE id_number = ?',
      id,
    );
    expect(row).toEqual({
      name: '杨䶮',
      township_code: '530523101',
      education: 'junior',
      household_type: 'agricultural',
      employment_status: 'farming',
    });
  });

  it('shows the duplicate as an error linking to the existing worker, and writes nothing', async () => {
    const { page } = e;
    const id = makeId('530523', '19880315', 517);
    const before = await e.db.value('SELECT count(*) FROM worker');
    await page.goto(`${e.url}/#/workers/new`);
    await page.getByLabel('公民身份号码').fill(id);
    await expect.poll(() => page.getByText('该身份证号已登记').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('杨䶮').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: /查看/ }).first().click();
    await expect.poll(() => page.url()).toMatch(/#\/workers\/\d+$/);
    expect(await e.db.value('SELECT count(*) FROM worker')).toBe(before);
  });

  it('finds the worker by the last 4 digits of the ID number, masked in the list', async () => {
    const { page } = e;
    const id = makeId('530523', '19880315', 517);
    await page.goto(`${e.url}/#/workers`);
    const search = page.getByLabel('搜索劳动者');
    await search.fill(id.slice(-4));
    const masked = `530523********${id.slice(-4)}`;
    await expect.poll(() => page.getByText(masked).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByText(id, { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByRole('cell', { name: '杨䶮' }).count()).toBeGreaterThan(0);
  });

  it('keeps the admin section from a clerk, in the menu and in the API', async () => {
    const { page } = e;
    expect(await page.getByRole('menuitem', { name: '系统管理' }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const token = sessionStorage.getItem('longling.session') ?? '';
      const r = await fetch('/api/user:list', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Session-Token': token },
        body: '{}',
      });
      return r.json();
    });
    expect(status).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ADMIN.username).toBe('admin');
  });
});
