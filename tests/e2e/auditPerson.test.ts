// 系统管理 → 审计日志 → 按号码核对 in Chromium: the log holds masks and keyed fingerprints only; the
// admin types a number and sees the rows that hold it, without the page ever showing it in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/domain/mask';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { ADMIN, type E2E, login, reportFailures, startE2E } from './harness';

let e: E2E;
reportFailures(() => e);
const id = makeId('530523', '19811122', 427);

beforeAll(async () => {
  e = await startE2E();
  const w = await e.admin<{ id: number }>('worker:create', workerInput({ idNumber: id, phone: '15912340001' }));
  await e.admin('worker:update', { ...workerInput({ idNumber: id, phone: '15912340002' }), id: w.id });
});
afterAll(async () => {
  await e?.close();
});

describe('按号码核对 in Chromium', () => {
  it('lists the rows that hold a typed ID number, by fingerprint, and goes back to the whole log', async () => {
    const { page } = e;
    await login(page, e.url, ADMIN.username, ADMIN.password);
    await page.goto(`${e.url}/#/admin`);
    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.getByLabel('按身份证号或手机号码核对').fill(id.toLowerCase());
    await page.getByRole('button', { name: '核对', exact: true }).click();
    const banner = `审计日志中有 2 条记录涉及身份证号 ${maskIdNumber(id)}`;
    await expect.poll(() => page.getByText(banner).count()).toBe(1);
    expect(await page.getByText('本次核对已记入审计日志', { exact: false }).count()).toBe(1);
    expect(await page.locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.locator('body').innerText()).not.toContain(id);
    await page.screenshot({ path: '/tmp/shots/audit-person.png', fullPage: true });

    await page.getByRole('button', { name: '返回全部日志' }).click();
    await expect.poll(() => page.getByText(banner).count()).toBe(0);
    // The whole log again, the check itself among it, and the number box emptied.
    await expect.poll(() => page.getByText('按号码核对').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('按身份证号或手机号码核对').inputValue()).toBe('');
  });
});
