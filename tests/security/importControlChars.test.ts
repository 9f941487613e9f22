// A control character in a spreadsheet cell (a NUL, a 0x01 pasted from another system) used to be
// written as it was: PostgreSQL's text cannot hold a NUL, so the COPY of the batch failed and the
// whole import answered INTERNAL; SQLite stored it. Such a row is now refused with the column named,
// the same way on both engines, and the other rows are imported. A line break inside a cell (Alt+Enter
// in Excel) is not refused: it becomes a space. The forms and the history import refuse the same way.
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from '../../electron/services/excel/exceljs';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { HEAD } from '../fixtures/workersXlsx';

const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
  loadAsync(b: Buffer): Promise<{
    file(name: string): { async(type: 'string'): Promise<string> };
    file(name: string, data: string): void;
    generateAsync(o: { type: 'nodebuffer' }): Promise<Buffer>;
  }>;
};

let t: TestEnv;
let clerk: string;
beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
});
afterEach(() => t.close());

const row = (name: string, seq: number, over: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = {
    姓名: name,
    公民身份号码: makeId('530523', '19900101', seq),
    民族: '彝族',
    文化程度: '初中',
    手机号码: '13900001111',
    乡镇: '木城彝族傈僳族乡',
    '村（社区）': '木城村',
    详细地址: '一组 3 号',
    户口性质: '农业户口',
    就业状态: '务农',
    重点群体: '农村劳动力',
    ...over,
  };
  return HEAD.map((h) => r[h]!);
};
const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
const csv = (rows: string[][]) => Buffer.from([HEAD, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n'));

const importFile = (fileName: string, bytes: Buffer, commit = true) =>
  t.call(clerk, 'import:workers', { fileName, base64: bytes.toString('base64'), commit });

const stored = (seq: number) =>
  t.db.get<{ village: string | null; address: string | null }>(
    'SELECT village, address FROM worker WHERE id_number = ?',
    makeId('530523', '19900101', seq),
  );

describe('control characters in an imported roster', () => {
  it('refuses the rows that hold one, naming the column, and imports the others', async () => {
    const file = csv([
      row('赵一', 1),
      row('钱二', 3, { '村（社区）': '木城\u0000村' }),
      row('孙三', 5, { 详细地址: '一组\u00013 号' }),
      row('李四', 7, { 详细地址: '一组\r\n3 号' }),
      row('周五', 9, { '村（社区）': '木城\u0085村' }),
      row('吴六', 11, { 乡镇: '木城彝族傈僳族乡\u007f' }),
      row('郑七', 13),
    ]);
    const reasons = [
      { row: 3, reason: '村（社区）含有不可见的控制字符，请清空后重新输入' },
      { row: 4, reason: '详细地址含有不可见的控制字符，请清空后重新输入' },
      { row: 6, reason: '村（社区）含有不可见的控制字符，请清空后重新输入' },
      { row: 7, reason: '乡镇含有不可见的控制字符，请清空后重新输入' },
    ];
    const preview = await importFile('workers.csv', file, false);
    expect(preview.ok ? preview.value.errors : preview.error).toEqual(reasons);

    const done = await importFile('workers.csv', file);
    expect(done.ok ? done.value : done.error).toMatchObject({ imported: 3, rejected: 4, errors: reasons });
    expect(await t.count('worker')).toBe(3);
    expect(await stored(1)).toEqual({ village: '木城村', address: '一组 3 号' });
    // Alt+Enter in a one-line field is layout, not content: the clerk expects the address on one line.
    expect(await stored(7)).toEqual({ village: '木城村', address: '一组 3 号' });
    expect(await stored(3)).toBeUndefined();

    // The error report holds the refused rows, each cell in its own column.
    const report = await t.must(clerk, 'artifact:get', { id: done.ok ? done.value.errorReportId! : '' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(report.base64, 'base64') as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(5);
    expect(ws.getRow(2).getCell(2).value).toBe('钱二');
    expect(ws.getRow(2).getCell(13).value).toBe(reasons[0]!.reason);
  });

  it('keeps the cells of a row in their columns when one holds the character that joins them', async () => {
    const done = await importFile(
      'workers.csv',
      csv([row('赵一', 1, { '村（社区）': '木城\u001f村' }), row('钱二', 3)]),
    );
    expect(done.ok ? done.value : done.error).toMatchObject({
      imported: 1,
      errors: [{ row: 2, reason: '村（社区）含有不可见的控制字符，请清空后重新输入' }],
    });
    const report = await t.must(clerk, 'artifact:get', { id: done.ok ? done.value.errorReportId! : '' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(report.base64, 'base64') as never);
    const cells = (wb.worksheets[0]!.getRow(2).values as unknown[]).slice(2, 14);
    expect(cells).toEqual([
      ...row('赵一', 1, { '村（社区）': '木城村' }),
      '村（社区）含有不可见的控制字符，请清空后重新输入',
    ]);
  });

  it('refuses them in an .xlsx too (XML 1.1 lets a cell hold a control character)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('劳动者信息');
    ws.addRow(HEAD);
    ws.addRow(row('赵一', 1));
    ws.addRow(row('钱二', 3, { 详细地址: 'ADDRESS_WITH_CONTROL' }));
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    const strings = await zip.file('xl/sharedStrings.xml').async('string');
    zip.file(
      'xl/sharedStrings.xml',
      strings.replace('version="1.0"', 'version="1.1"').replace('ADDRESS_WITH_CONTROL', '一组&#1;3 号'),
    );
    const done = await importFile('workers.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(done.ok ? done.value : done.error).toMatchObject({
      imported: 1,
      errors: [{ row: 3, reason: '详细地址含有不可见的控制字符，请清空后重新输入' }],
    });
    expect(await t.count('worker')).toBe(1);
  });

  it('refuses them in the registration form and in the history import with the same words', async () => {
    const nul = await t.call(clerk, 'worker:create', workerInput({ village: '白塔\u0000村' }));
    expect(nul.ok ? 'accepted' : [nul.error.code, nul.error.message]).toEqual([
      'VALIDATION',
      '村（社区）含有不可见的控制字符，请清空后重新输入',
    ]);
    const created = await t.must(clerk, 'worker:create', workerInput({ address: '白塔村\n一组 12 号' }));
    expect(created.address).toBe('白塔村 一组 12 号');
    const update = await t.call(clerk, 'worker:update', {
      ...workerInput({ address: '白塔村\u0001一组' }),
      id: created.id,
    });
    expect(update.ok ? 'accepted' : update.error.message).toBe('详细地址含有不可见的控制字符，请清空后重新输入');

    const line = (institution: string) =>
      [makeId('530523', '19900101', 123), '培训记录', institution, '6-31-01-03', '五级/初级工', '2012-03-01', '80']
        .map(csvCell)
        .join(',');
    const history = Buffer.from(
      [
        '公民身份号码,记录类型,机构,职业编码,等级,开始日期,学时',
        line('龙陵县\u0000培训中心'),
        line('龙陵县\n培训中心'),
      ].join('\r\n'),
    );
    const done = await t.call(clerk, 'import:history', {
      fileName: 'old.csv',
      base64: history.toString('base64'),
      commit: true,
    });
    expect(done.ok ? done.value : done.error).toMatchObject({
      imported: 1,
      errors: [{ row: 2, reason: '机构含有不可见的控制字符，请清空后重新输入' }],
    });
    expect(await t.db.column('SELECT institution_name FROM historical_training')).toEqual(['龙陵县 培训中心']);
  });
});
