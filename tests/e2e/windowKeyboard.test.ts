// Issue 16 §1 and §2 at the window, at 1280×720: typing at full speed (no delay between keys), Enter
// that never leaves an invalid field nor removes a choice, pinyin in drop-downs and in the worker
// search, 保存并登记下一位, and forms that do not lose work (Esc, the menu, the screen lock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeId, withWrongCheck } from '../fixtures/ids';
import { type E2E, dialogSettled, login, reportFailures, startE2E } from './harness';

const SHOTS = '/tmp/ui-a';
let e: E2E;
reportFailures(() => e);
beforeAll(async () => {
  e = await startE2E({ viewport: { width: 1280, height: 720 } });
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
});
afterAll(async () => {
  await e?.close();
});

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const fieldValue = (page: Page, id: string) =>
  page.evaluate((i) => (document.getElementById(i) as HTMLInputElement | null)?.value ?? null, id);
const selected = (page: Page, label: string) =>
  page.locator('.ant-form-item').filter({ hasText: label }).locator('.ant-select-selection-item').allInnerTexts();

async function openNewRegistration(page: Page) {
  // Through the list: the same address again would keep the form that is there, typed values and all.
  await page.goto(`${e.url}/#/workers`);
  await expect.poll(() => page.locator('#idNumber').count(), { timeout: 10_000 }).toBe(0);
  await page.goto(`${e.url}/#/workers/new`);
  await expect.poll(() => focusedId(page)).toBe('idNumber');
}

describe('registration at full typing speed', () => {
  it('logs the clerk in', async () => {
    await login(e.page, e.url, 'clerk1', 'Clerk1234');
  });

  it('puts every key of a burst where it belongs, through the whole form, with pinyin in the drop-downs', async () => {
    const { page } = e;
    const id = makeId('530523', '19880315', 611);
    await openNewRegistration(page);
    const k = page.keyboard;
    // Like an ID card reader: 18 characters and Enter at once, then the name straight after.
    await k.type(id);
    await k.press('Enter');
    await k.type('杨丽华');
    await k.press('Enter'); // 民族: 汉族 already
    await k.press('Enter');
    await k.type('cz'); // 文化程度 → 初中 by its initials
    await k.press('Enter');
    await k.type('13912345678');
    await k.press('Enter');
    await k.type('ls'); // 乡镇 → 龙山镇
    await k.press('Enter');
    await k.type('白塔村');
    await k.press('Enter');
    await k.type('三组');
    await k.press('Enter');
    await k.type('ny'); // 农业户口
    await k.press('Enter');
    await k.type('wn'); // 务农
    await k.press('Enter');
    await k.type('nongcun'); // 重点群体 → 农村劳动力 by full pinyin
    await k.press('Enter');
    await k.type('tp'); // and 脱贫劳动力
    await k.press('Enter');
    expect(await selected(page, '重点群体')).toEqual(['农村劳动力', '脱贫劳动力']);
    await page.screenshot({ path: `${SHOTS}/16a-registration-burst.png` });
    // The search is empty now: Enter closes the list and moves on (here: saves), removing nothing.
    await k.press('Enter');
    await expect.poll(() => page.getByText('登记成功').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The worker's page replaces the form (a lazily loaded route: the address changes first).
    await expect.poll(() => page.locator('#idNumber').count(), { timeout: 10_000 }).toBe(0);
    expect(
      await e.db.get(
        'SELECT name, education, phone, township_code, village, address, household_type, employment_status FROM worker WHERE id_number = ?',
        id,
      ),
    ).toEqual({
      name: '杨丽华',
      education: 'junior',
      phone: '13912345678',
      township_code: '530523101',
      village: '白塔村',
      address: '三组',
      household_type: 'agricultural',
      employment_status: 'farming',
    });
    const groups = await e.db.all(
      'SELECT group_code FROM worker_target_group g JOIN worker w ON w.id = g.worker_id WHERE w.id_number = ? ORDER BY group_code',
      id,
    );
    expect(groups).toEqual([{ group_code: 'poverty_alleviated' }, { group_code: 'rural_labor' }]);
  });

  it('keeps 保存 in view at 1280×720, at the top of the form and at its end', async () => {
    const { page } = e;
    await openNewRegistration(page);
    const save = page.getByRole('button', { name: '保存', exact: true });
    const visible = async () => {
      const box = await save.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 720;
    };
    expect(await visible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/16a-registration-720.png` });
    await page.locator('#targetGroups').focus();
    expect(await visible()).toBe(true);
  });

  it('keeps the caret in an invalid ID number, and in a name with digits, on Enter', async () => {
    const { page } = e;
    const id = makeId('530523', '19900101', 612);
    await openNewRegistration(page);
    await page.keyboard.type(withWrongCheck(id));
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('idNumber');
    await expect.poll(() => page.getByText(`校验位应为 ${id[17]}`).count()).toBeGreaterThan(0);
    await page.keyboard.press('Backspace');
    await page.keyboard.type(id[17]!);
    await page.keyboard.press('Enter');
    await page.keyboard.type('王2');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('name');
    await expect.poll(() => page.getByText('姓名中不能有数字').count()).toBeGreaterThan(0);
  });

  it('saves and starts the next registration with the same township and village', async () => {
    const { page } = e;
    const id = makeId('530523', '19900101', 613);
    await openNewRegistration(page);
    const k = page.keyboard;
    await k.type(id);
    await k.press('Enter');
    await k.type('周玉');
    // Enter after the name, Enter on 民族 (汉族), then 文化程度 …
    for (const [text, enter] of [
      ['', 2],
      ['cz', 1],
      ['', 1],
      ['ls', 1],
      ['河头村', 1],
      ['', 1],
      ['ny', 1],
      ['wn', 1],
    ] as const) {
      await k.type(text);
      for (let i = 0; i < enter; i++) await k.press('Enter');
    }
    await page.getByRole('button', { name: '保存并登记下一位' }).click();
    await expect.poll(() => page.getByText('登记成功：周玉').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await e.db.value('SELECT village FROM worker WHERE id_number = ?', id)).toBe('河头村');
    await expect.poll(() => focusedId(page)).toBe('idNumber');
    expect(await fieldValue(page, 'idNumber')).toBe('');
    expect(await fieldValue(page, 'name')).toBe('');
    expect(await fieldValue(page, 'village')).toBe('河头村');
    // A single select shows its value as text (the chips are multi-select only).
    expect(await page.locator('.ant-form-item').filter({ hasText: '乡镇' }).locator('.ant-select').innerText()).toBe(
      '龙山镇',
    );
    await expect.poll(() => page.getByText('本次已连续登记 1 人').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/16a-register-next.png` });
  });

  it('finds workers by pinyin in the worker search', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers`);
    const search = page.getByLabel('搜索劳动者');
    for (const q of ['yang', 'ylh', 'lihua']) {
      await search.fill(q);
      // Polled together: the unfiltered list shows both until the debounced search answers.
      const shown = async () => [
        await page.getByRole('cell', { name: '杨丽华' }).count(),
        await page.getByRole('cell', { name: '周玉' }).count(),
      ];
      await expect.poll(shown, { timeout: 10_000 }).toEqual([1, 0]);
    }
    await search.fill('zy');
    await expect.poll(() => page.getByRole('cell', { name: '周玉' }).count(), { timeout: 10_000 }).toBe(1);
  });
});

describe('forms that do not lose work', () => {
  it('asks 放弃已填写的内容？ on Esc with changes, and keeps them on 继续填写', async () => {
    const { page } = e;
    await openNewRegistration(page);
    await page.keyboard.type('5305231990');
    await page.keyboard.press('Escape');
    const dialog = page.getByRole('dialog').filter({ hasText: '放弃已填写的内容？' });
    await dialogSettled(page, dialog);
    await page.screenshot({ path: `${SHOTS}/16a-discard-confirm.png` });
    await dialog.getByRole('button', { name: '继续填写' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await fieldValue(page, 'idNumber')).toBe('5305231990');
    expect(page.url()).toMatch(/#\/workers\/new$/);
    // The menu asks too; 放弃 leaves.
    await page.getByRole('menuitem', { name: '培训券' }).click();
    await dialog.waitFor();
    await dialogSettled(page);
    await dialog.getByRole('button', { name: '放弃' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/vouchers/);
    // Its closing animation ends before the next test looks for dialogs.
    await dialog.waitFor({ state: 'hidden' });
  });

  it('leaves an untouched form on Esc without asking', async () => {
    const { page } = e;
    await openNewRegistration(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toMatch(/#\/workers\/new$/);
    // Visible ones only: the previous test's closed confirmations may still be leaving the page.
    expect(await page.getByRole('dialog', { name: '放弃已填写的内容？' }).count()).toBe(0);
  });

  it('keeps what was typed across a screen lock', async () => {
    const { page } = e;
    await openNewRegistration(page);
    await page.keyboard.type(makeId('530523', '19900101', 614));
    await page.keyboard.press('Enter');
    await page.keyboard.type('李乐');
    await page.getByRole('button', { name: '锁屏' }).click();
    const lock = page.getByRole('dialog', { name: '屏幕已锁定' });
    await lock.waitFor();
    await lock.getByLabel('密码').fill('Clerk1234');
    await lock.getByLabel('密码').press('Enter');
    await lock.waitFor({ state: 'detached' });
    expect(await fieldValue(page, 'name')).toBe('李乐');
    expect(await fieldValue(page, 'idNumber')).toBe(makeId('530523', '19900101', 614));
    await expect.poll(() => focusedId(page)).toBe('name');
  });
});
