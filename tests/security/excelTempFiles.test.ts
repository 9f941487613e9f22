// Reading a workbook leaves nothing behind: exceljs's streaming reader used to park sheets in /tmp
// (plain XML, ID numbers and all) and forget them when the reader stopped at the sheet it wanted.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../electron/services/excel/exceljs';
import { openSheets, readRows } from '../../electron/services/excel/sheetReader';
import { workbook } from '../fixtures/rosterXlsx';
import { makeId } from '../fixtures/ids';

const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
  Open: { buffer(b: Buffer): Promise<{ files: { path: string }[] }> };
};
const entries = async (file: Buffer) => (await unzipper.Open.buffer(file)).files.map((f) => f.path);
/** The files exceljs's temp-file helper (tmp) names after this process. */
const parked = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));

const id = makeId('530523', '19880312', 7);
const sheets = () =>
  workbook([
    { name: '说明', lines: [['本表由各乡镇填报']] },
    {
      name: '龙山镇',
      lines: [
        ['姓名', '身份证号码'],
        ['张三', id],
      ],
    },
    {
      name: '镇安镇',
      lines: [
        ['姓名', '身份证号码'],
        ['李四', id],
      ],
    },
  ]);

describe('reading an .xlsx', () => {
  it('writes no temp file when the sheets are stored before the shared strings, as Excel stores them', async () => {
    const file = await sheets();
    const order = await entries(file);
    // The case that sent every sheet to /tmp: worksheets ahead of xl/sharedStrings.xml.
    expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf('xl/sharedStrings.xml'));
    const before = parked();
    const { stream } = await openSheets('花名册.xlsx', file);
    const seen: string[][] = [];
    for await (const s of stream) {
      if (s.info.name === '说明') continue; // skipped unread, the case that raced the temp file's removal
      for await (const r of s.rows) seen.push(r.cells);
      expect(parked()).toEqual(before);
      break; // the roster check stops at the sheet it wanted
    }
    expect(seen).toEqual([
      ['姓名', '身份证号码'],
      ['张三', id],
    ]);
    expect(parked()).toEqual(before);
  });

  it('writes none for the first sheet of a template either, nor for strings stored in the cells', async () => {
    // exceljs's streaming writer stores strings in the cells and then writes no shared strings at all.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const people = wb.addWorksheet('人员');
    people.addRow(['姓名', '身份证号码']).commit();
    people.addRow(['王五', id]).commit();
    wb.addWorksheet('选项', { state: 'hidden' }).addRow(['男', '女']).commit();
    await wb.commit();
    const inline = Buffer.concat(chunks);
    expect(await entries(inline)).not.toContain('xl/sharedStrings.xml');
    const before = parked();
    const rows: string[][] = [];
    for await (const r of readRows('人员.xlsx', inline)) rows.push(r.cells);
    expect(rows).toEqual([
      ['姓名', '身份证号码'],
      ['王五', id],
    ]);
    expect(parked()).toEqual(before);
  });

  it('reads every sheet in tab order with their names and merged cells as before', async () => {
    const { sheets: infos, stream } = await openSheets('花名册.xlsx', await sheets());
    expect(infos.map((s) => [s.name, s.rows])).toEqual([
      ['说明', 1],
      ['龙山镇', 2],
      ['镇安镇', 2],
    ]);
    const names: string[] = [];
    for await (const s of stream) {
      names.push(s.info.name);
      for await (const r of s.rows) expect(r.cells.length).toBeGreaterThan(0);
    }
    expect(names).toEqual(['说明', '龙山镇', '镇安镇']);
  });
});
