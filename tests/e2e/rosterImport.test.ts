// The mapping step of 导入劳动者 with a township's roster, at 1280×720: a column re-mapped, 户口性质
// set for the whole file, the import, the 待补充 list, and the mapping offered again for a second
// roster with the same headers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, rosterXlsx } from '../fixtures/rosterXlsx';
import { type E2E, login, reportFailures, startE2E, popupSettled } from './harness';

let e: E2E;
reportFailures(() => e);
const SHOTS = '/tmp/ui-shots';

beforeAll(async () => {
  e = await startE2E();
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
  await e.page.setViewportSize({ width: 1280, height: 720 });
  await login(e.page, e.url, 'clerk1', 'Clerk1234');
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await e?.close();
});

/** Opens an Ant Design select by its label and picks the option shown as `option`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await popupSettled(page);
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="${option}"]`).click();
}

/** Each change is checked again by the server; the selects are disabled until it answers. */
async function settled(page: Page) {
  await expect.poll(() => page.getByText(/^正在检查/).count(), { timeout: 15_000 }).toBe(0);
}

const selected = (page: Page, label: string) =>
  page
    .locator('.ant-select')
    .filter({ has: page.getByRole('combobox', { name: label }) })
    .locator('.ant-select-content, .ant-select-selection-item')
    .first()
    .innerText();

async function rosterFile(name: string, from: number) {
  // This township writes the address in 备注.
  const people = [0, 1, 2].map((i) => person(from + i));
  const bytes = await rosterXlsx(people);
  const file = join(e.dir, name);
  writeFileSync(file, bytes);
  return { file, people };
}

describe('导入劳动者 from a township roster', () => {
  it('maps the columns, sets 户口性质 for the file, imports, and offers the same mapping for the next roster', async () => {
    const { page } = e;
    const first = await rosterFile('龙山镇花名册.xlsx', 0);
    await page.goto(`${e.url}/#/workers/import`);
    await page.getByText('导入说明').waitFor();
    await page.locator('input[type=file]').setInputFiles(first.file);
    await page.getByText('核对各列对应的信息（表头映射）').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText('表头在第 4 行（上方 3 行标题、填报信息已跳过）').count()).toBe(1);
    expect(await selected(page, 'D列“身份证号码”导入为')).toBe('公民身份号码');
    expect(await selected(page, 'E列“联系电话”导入为')).toBe('手机号码');

    // The landline column is not wanted; 户口性质 is the same for the whole village.
    await choose(page, 'E列“联系电话”导入为', '忽略（不导入）');
    await expect.poll(() => selected(page, 'E列“联系电话”导入为')).toBe('忽略（不导入）');
    await settled(page);
    await choose(page, '全部行的户口性质', '农业户口');
    await settled(page);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await expect
      .poll(
        () =>
          page.getByText('其中 3 人信息待补充（民族 3 人、文化程度 3 人、就业状态 3 人）', { exact: false }).count(),
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    await expect.poll(() => page.getByText('共 3 行、可导入 3 行、有误 0 行').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/h13-roster-mapping.png` });
    await page.screenshot({ path: `${SHOTS}/h13-roster-mapping-full.png`, fullPage: true });

    await page.getByRole('button', { name: '确认导入 3 人' }).click();
    await expect.poll(() => page.getByText('已导入 3 人').count(), { timeout: 15_000 }).toBe(1);
    const rows = await e.db.all(
      'SELECT name, phone, household_type AS hh, employment_status AS emp FROM worker ORDER BY id',
    );
    expect(rows).toEqual(first.people.map((p) => ({ name: p.name, phone: null, hh: 'agricultural', emp: null })));

    await page.getByRole('button', { name: '查看待补充的劳动者' }).click();
    await expect.poll(() => page.getByText('共 3 人').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByRole('checkbox', { name: /只看待补充/ }).isChecked()).toBe(true);
    expect(await page.locator('.ant-table-row .ant-tag', { hasText: '待补充' }).count()).toBe(3);
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}/h13-pending-list.png` });

    const second = await rosterFile('龙山镇花名册（第二批）.xlsx', 3);
    await page.goto(`${e.url}/#/workers/import`);
    await page.locator('input[type=file]').setInputFiles(second.file);
    await page.getByText('已按上次为相同表头所做的选择').waitFor({ timeout: 15_000 });
    expect(await selected(page, 'E列“联系电话”导入为')).toBe('忽略（不导入）');
    expect(await page.getByText('上次的选择').count()).toBeGreaterThan(0);
    await settled(page);
    expect(await page.getByRole('button', { name: '换一个文件' }).isEnabled()).toBe(true);
    await page.getByText('核对各列对应的信息（表头映射）').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/h13-roster-remembered.png` });
  });

  it('asks for the missing fields before a voucher, and saving them clears the mark', async () => {
    const { page } = e;
    const id = (await e.db.value('SELECT min(id) FROM worker')) as number;
    await page.goto(`${e.url}/#/vouchers/issue?workerId=${id}`);
    await page.getByText('信息待补充：民族、文化程度、就业状态').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/h13-issue-pending.png` });
    await page.getByRole('button', { name: '补充信息' }).click();
    await page.getByText('请在下面选择后保存，保存后才能发券').waitFor();
    await choose(page, '民族', '彝族');
    await choose(page, '文化程度', '初中');
    await choose(page, '就业状态', '务农');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(new RegExp(`#/workers/${id}$`));
    await page.getByText('职业培训电子档案').first().waitFor();
    expect(await page.getByText(/^信息待补充/).count()).toBe(0);
    const w = await e.db.get(
      'SELECT ethnicity, education, household_type AS hh, employment_status AS emp FROM worker WHERE id = ?',
      id,
    );
    expect(w).toEqual({ ethnicity: '彝族', education: 'junior', hh: 'agricultural', emp: 'farming' });
    await page.goto(`${e.url}/#/vouchers/issue?workerId=${id}`);
    await page.getByText('选择培训计划、职业（工种）、技能等级后自动核对发券条件').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByText(/^信息待补充/).count()).toBe(0);
  });
});
