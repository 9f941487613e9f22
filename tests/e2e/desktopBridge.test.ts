// In the desktop app the preload adds window.desktop; the pages then print, open and save PDFs
// through it instead of browser tabs and downloads. Here a recording stand-in plays the preload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  await e.page.addInitScript(() => {
    const calls: { method: string; name?: string; head: string }[] = [];
    const record = (method: string) => (f: { name?: string; base64: string }) => {
      calls.push({ method, name: f.name, head: atob(f.base64.slice(0, 8)) });
      return Promise.resolve({ ok: true, value: method === 'print' ? true : '/tmp/x.pdf' });
    };
    Object.assign(window, {
      __calls: calls,
      desktop: { print: record('print'), openFile: record('openFile'), saveFile: record('saveFile') },
    });
  });
  await login(e.page, e.url, 'clerk1', 'Clerk1234');
});
afterAll(async () => {
  await e?.close();
});

describe('PDFs in the desktop app', () => {
  it('prints, opens and saves an archive extract through window.desktop', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers/${workerId}`);
    await page.getByRole('button', { name: '打印档案摘要' }).click();
    await dialogSettled(page);
    await page.getByRole('dialog').getByRole('button', { name: '生成档案摘要' }).click();
    const print = page.getByRole('dialog').getByRole('button', { name: /打印$/ });
    await print.waitFor({ timeout: 20_000 });
    // Made inside its own dialog: 打印 takes the focus there (useArrivalFocus).
    await expect.poll(() => print.evaluate((el) => el === document.activeElement)).toBe(true);
    await print.click();
    await page.getByRole('dialog').getByRole('button', { name: '打开 PDF' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '另存为…' }).click();
    const calls = await page.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls);
    expect(calls).toEqual([
      { method: 'print', head: expect.stringMatching(/^%PDF-/) },
      { method: 'openFile', name: expect.stringMatching(/\.pdf$/), head: expect.stringMatching(/^%PDF-/) },
      { method: 'saveFile', name: expect.stringMatching(/\.pdf$/), head: expect.stringMatching(/^%PDF-/) },
    ]);
  });
});
