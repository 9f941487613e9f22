import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../electron/services/excel/exceljs';
import { maskIdNumber } from '../../shared/domain/mask';
import { makeId } from '../fixtures/ids';
import { HEAD } from '../fixtures/workersXlsx';
import { type E2E, login, reportFailures, startE2E, dialogSettled } from './harness';

let e: E2E;
reportFailures(() => e);
let workerId: number;
const idNumber = makeId('530523', '19870612', 418);
const NAME = '杨秀英';

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  await e.admin('user:create', { username: 'clerk1', displayName: '窗口一', role: 'clerk', password: 'Clerk1234' });
  const w = await e.admin<{ id: number }>('worker:create', {
    idNumber,
    name: NAME,
    ethnicity: '彝族',
    education: 'junior',
    phone: '13912345600',
    townshipCode: '530523101',
    householdType: 'agricultural',
    employmentStatus: 'farming',
    targetGroups: ['rural_labor'],
  });
  workerId = w.id;
  await login(e.page, e.url, 'clerk1', 'Clerk1234');
});
afterAll(async () => {
  await e?.close();
});

const dialog = (page: Page) => page.getByRole('dialog');

async function pick(page: Page, label: string, text: string) {
  await dialog(page).getByLabel(label, { exact: true }).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('职业培训电子档案 in Chromium', () => {
  it('a clerk adds an honour and prints an extract that masks the ID number and verifies', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers/${workerId}`);
    await page.getByText(`职业培训电子档案：${NAME}`).waitFor();
    // Masked until the clerk asks, and the full view is audited.
    expect(await page.getByText(idNumber).count()).toBe(0);
    await page.getByText(maskIdNumber(idNumber)).first().waitFor();
    await page.getByRole('button', { name: '显示完整号码' }).click();
    await page.getByText(idNumber).first().waitFor();
    const views = await e.db.value(
      "SELECT count(*) FROM audit_log WHERE action = 'view_full' AND entity_id = ?",
      String(workerId),
    );
    expect(views).toBe(1);

    await page.getByRole('button', { name: '添加竞赛/荣誉' }).click();
    await dialog(page).getByLabel('竞赛或荣誉名称').fill('保山市职业技能大赛（养老护理员）');
    await pick(page, '级别', '市级');
    await dialog(page).getByLabel('奖项或称号').fill('二等奖');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '二等奖' }).count(), { timeout: 10_000 }).toBe(1);
    const honour = await e.db.get('SELECT name, rank, award FROM honour WHERE worker_id = ?', workerId);
    expect(honour).toEqual({ name: '保山市职业技能大赛（养老护理员）', rank: 'municipal', award: '二等奖' });

    await page.getByRole('tab', { name: '时间轴' }).click();
    await expect.poll(() => page.getByText('登记建档').count()).toBe(1);
    await page.screenshot({ path: '/tmp/ui-shots/a1-archive-timeline.png', fullPage: true });

    await page.getByRole('button', { name: '打印档案摘要' }).click();
    await dialogSettled(page);
    expect(
      await dialog(page)
        .getByRole('checkbox', { name: /显示完整身份证号/ })
        .isChecked(),
    ).toBe(false);
    await dialog(page).getByRole('button', { name: '生成档案摘要' }).click();
    const link = dialog(page).getByRole('link', { name: /下载/ });
    await link.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: '/tmp/ui-shots/a2-extract-modal.png' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(e.dir, 'extract.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(NAME);
    expect(text).toContain(maskIdNumber(idNumber));
    expect(text).not.toContain(idNumber);
    expect(text).toContain('二等奖');
    const audit = await e.db.column(
      "SELECT action FROM audit_log WHERE entity = 'worker' AND entity_id = ? AND action LIKE 'extract%'",
      String(workerId),
    );
    expect(audit).toEqual(['extract']);

    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(e.dir, 'extract')]);
    const qr = execFileSync('zbarimg', ['-q', '--raw', join(e.dir, 'extract.png')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(qr.startsWith('LLE1:')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    await page.goto(`${e.url}/#/verify`);
    await page.getByLabel('扫描或输入培训券').fill(qr);
    await page.getByLabel('扫描或输入培训券').press('Enter');
    await expect.poll(() => page.getByText('✓ 档案摘要真实有效，内容未被改动').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText(`杨*英（身份证尾号 ${idNumber.slice(-4)}）`).count()).toBe(1);
    await page.screenshot({ path: '/tmp/ui-shots/a3-verify-extract.png', fullPage: true });
  });

  it('imports the good rows of a spreadsheet and explains the bad one', async () => {
    const { page } = e;
    const good1 = makeId('530523', '19920301', 111);
    const good2 = makeId('530523', '19930415', 222);
    const bad = makeId('530523', '19940520', 333);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('劳动者信息');
    ws.addRow(HEAD);
    ws.addRow(['赵一芳', good1, '汉族', '初中', '', '龙山镇', '', '', '农业户口', '务农', '农村劳动力']);
    ws.addRow(['钱二明', good2, '傣族', '普通高中', '13900002222', '龙山镇', '白塔村', '', '农业户口', '务农', '']);
    ws.addRow(['孙三', bad, '汉族', '初中', '', '火星乡', '', '', '农业户口', '务农', '']);
    const file = join(e.dir, '劳动者.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    await page.goto(`${e.url}/#/workers`);
    await page.getByRole('button', { name: '导入' }).click();
    await page.getByText('导入说明').waitFor();
    await page.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => page.getByText('共 3 行、可导入 2 行、有误 1 行').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: /^未知的乡镇“火星乡”/ }).count()).toBe(1);
    expect(await e.db.value('SELECT count(*) FROM worker WHERE id_number IN (?, ?)', good1, good2)).toBe(0);
    await page.screenshot({ path: '/tmp/ui-shots/a4-import-preview.png', fullPage: true });

    await page.getByRole('button', { name: '确认导入 2 人' }).click();
    await expect.poll(() => page.getByText('已导入 2 人').count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: '/tmp/ui-shots/a5-import-done.png', fullPage: true });
    const rows = await e.db.all(
      'SELECT name, township_code FROM worker WHERE id_number IN (?, ?, ?) ORDER BY name',
      good1,
      good2,
      bad,
    );
    expect(rows).toEqual([
      { name: '赵一芳', township_code: '530523101' },
      { name: '钱二明', township_code: '530523101' },
    ]);
  });

  it('exports the worker list to Excel with masked ID numbers unless the clerk ticks the box', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/workers`);
    await page.getByRole('button', { name: '导出 Excel' }).click();
    await dialogSettled(page);
    expect(
      await dialog(page)
        .getByRole('checkbox', { name: /导出完整身份证号/ })
        .isChecked(),
    ).toBe(false);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog(page).getByRole('button', { name: '导出' }).click(),
    ]);
    const file = join(e.dir, 'workers.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
    expect(cells).toContain(NAME);
    expect(cells).toContain(maskIdNumber(idNumber));
    expect(cells).not.toContain(idNumber);
  });
});
