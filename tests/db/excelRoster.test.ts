// Rosters (花名册) as townships send them, imported through the real dispatcher and CLI.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerImportRequest } from '../../shared/contract/schemas/workerImport';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { person, rosterXlsx, TITLE, workbook, type Cell } from '../fixtures/rosterXlsx';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const send = (bytes: Buffer, commit: boolean, more: Partial<WorkerImportRequest> = {}) =>
  t.must(t.clerk, 'import:workers', { fileName: '花名册.xlsx', base64: bytes.toString('base64'), commit, ...more });

const full = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** A valid ID number whose check character is X. */
function idEndingInX(birth: string): string {
  for (let seq = 1; ; seq++) {
    const id = makeId('530523', birth, seq);
    if (id.endsWith('X')) return id;
  }
}

describe('a township roster as it is', () => {
  it('finds the header under the title and 填报 lines, skips 序号-only, 合计 and signature rows, and registers the workers 待补充', async () => {
    const people = [0, 1, 2].map((i) => person(i));
    const file = await rosterXlsx(people, { blankNumbered: 3 });
    const preview = await send(file, false);
    const l = preview.layout!;
    expect(l).toMatchObject({
      sheetName: '报名花名册',
      headerRow: 4,
      headerLines: 1,
      problem: null,
      remembered: false,
    });
    expect(l.dataEnd).toEqual({ row: 11, text: '合计 3人' });
    expect(l.columns.map((c) => [c.letter, c.header, c.field, c.note])).toEqual([
      ['A', '序号', null, '序号不导入'],
      ['B', '姓名', 'name', null],
      ['C', '性别', null, '由身份证号推算'],
      ['D', '身份证号码', 'idNumber', null],
      ['E', '联系电话', 'phone', null],
      ['F', '所在乡镇', 'townshipCode', null],
      ['G', '村（社区）', 'village', null],
      ['H', '人员类别', 'targetGroups', null],
      ['I', '备注', null, '备注不导入'],
    ]);
    // Samples show what each column holds, never a full ID number or phone.
    expect(l.columns[3]!.samples[0]).toMatch(/^530523\*{8}\d{3}[\dX]$/);
    expect(l.columns[4]!.samples[0]).toMatch(/^139\*{4}\d{4}$/);
    expect(l.unmapped).toEqual(['ethnicity', 'education', 'householdType', 'employmentStatus']);
    expect(preview).toMatchObject({ total: 3, rejected: 0, incomplete: 3 });
    expect(preview.pendingCounts).toEqual({ ethnicity: 3, education: 3, householdType: 3, employmentStatus: 3 });

    const before = await t.count('worker');
    const done = await send(file, true);
    expect(done).toMatchObject({ imported: 3, rejected: 0, incomplete: 3 });
    expect(await t.count('worker')).toBe(before + 3);
    const pending = await t.must(t.clerk, 'worker:search', { q: '', pending: true });
    expect(pending.total).toBe(3);
    expect(pending.items[0]!.pendingFields).toEqual(['ethnicity', 'education', 'householdType', 'employmentStatus']);
    const w = await t.must(t.clerk, 'worker:get', { id: pending.items[0]!.id });
    expect(w).toMatchObject({ ethnicity: null, householdType: null, townshipName: '龙山镇', village: '清平村' });
    expect(w.targetGroups).toEqual(['rural_labor']);
  });

  it('reads every kind of damaged cell: numbers for ID numbers, E+17, spaces, x, full-width digits, 龙山, merged townships', async () => {
    const birth = (m: number) => `1988${String(m).padStart(2, '0')}08`;
    const x = idEndingInX(birth(1));
    const ok = [makeId('530523', birth(2), 11), makeId('530523', birth(3), 13), makeId('530523', birth(4), 15)];
    const merged = [makeId('530523', birth(5), 17), makeId('530523', birth(6), 19), makeId('530523', birth(7), 21)];
    const numeric = makeId('530523', birth(8), 23);
    const head = ['序号', '姓名', '公民身份号码', '手机', '乡（镇）', '村', '民族', '学历'];
    const lines: Cell[][] = [
      [TITLE],
      ['填报单位：龙陵县人社局'],
      head,
      [
        1,
        '杨小艾',
        `${x.slice(0, 6)} ${x.slice(6, 14)} ${x.slice(14, 17)}x`,
        '139 1234 5678',
        '龙山',
        '清平村',
        '彝',
        '初中',
      ],
      [2, '张全角', full(ok[0]!), full('13912345679'), '龙山镇 ', '', '汉族', '高中'],
      [3, '李县名', ok[1]!, '139-1234-5680', '龙陵县镇安镇', '', '傣族', '大专'],
      [4, '木城人', ok[2]!, '+86 13912345681', '木城乡', '', '傈僳族', '本科'],
      [5, '数字号', Number(numeric), '', '龙山镇', '', '汉族', '初中'],
      [6, '科学计', '5.30523E+17', '', '龙山镇', '', '汉族', '初中'],
      [7, '勐糯甲', merged[0]!, '', '勐糯镇', '', '汉族', '初中'],
      [8, '勐糯乙', merged[1]!, '', '', '', '汉族', '初中'],
      [9, '勐糯丙', merged[2]!, '', '', '', '汉族', '初中'],
      [10, '错民族', makeId('530523', birth(9), 25), '', '龙山镇', '', '火星族', '初中'],
      [11, '错乡镇', makeId('530523', birth(10), 27), '', '火星镇', '', '汉族', '初中'],
      ['小计', '10人'],
      ['合计', '10人'],
      ['审核人：王五', '', '', '填表日期：2026年3月2日'],
      [12, '签字后', makeId('530523', birth(11), 29)],
    ];
    const file = await workbook([
      { name: '填表说明', lines: [['请按下表填写，身份证号设置为文本格式'], ['不要合并单元格']] },
      { name: '花名册', lines, merges: ['A1:H1', 'E10:E12'] },
      { name: '选项', lines: [['龙山镇'], ['镇安镇']], hidden: true },
    ]);
    const done = await send(file, true);
    expect(done.layout).toMatchObject({ sheetName: '花名册', sheet: 2, sheetChosenBy: 'header', headerRow: 3 });
    expect(done.layout!.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['填表说明', false],
      ['花名册', false],
      ['选项', true],
    ]);
    expect(done.errors).toEqual([
      {
        row: 8,
        reason:
          '身份证号被 Excel 存成了数字，只保留了前 15 位，后 3 位变成了 0：请把该列设置为“文本”格式后重新录入完整号码',
      },
      {
        row: 9,
        reason: '身份证号显示为科学计数法（5.30523E+17），后几位已经丢失：请把该列设置为“文本”格式后重新录入完整号码',
      },
      { row: 13, reason: '民族“火星族”无法识别，可填：标准民族名称，如汉族、彝族、傈僳族' },
      { row: 14, reason: '未知的乡镇“火星镇”：应为龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡' },
    ]);
    expect(done).toMatchObject({ total: 11, imported: 7, rejected: 4 });
    const stored = await t.db
      .all(`SELECT w.name, w.id_number AS id, w.phone, t.name AS township, w.ethnicity, w.education, w.household_type AS hh
         FROM worker w JOIN township t ON t.code = w.township_code ORDER BY w.id`);
    expect(stored).toEqual([
      {
        name: '杨小艾',
        id: x,
        phone: '13912345678',
        township: '龙山镇',
        ethnicity: '彝族',
        education: 'junior',
        hh: null,
      },
      {
        name: '张全角',
        id: ok[0],
        phone: '13912345679',
        township: '龙山镇',
        ethnicity: '汉族',
        education: 'high_school',
        hh: null,
      },
      {
        name: '李县名',
        id: ok[1],
        phone: '13912345680',
        township: '镇安镇',
        ethnicity: '傣族',
        education: 'college',
        hh: null,
      },
      {
        name: '木城人',
        id: ok[2],
        phone: '13912345681',
        township: '木城彝族傈僳族乡',
        ethnicity: '傈僳族',
        education: 'bachelor',
        hh: null,
      },
      ...['勐糯甲', '勐糯乙', '勐糯丙'].map((name, i) => ({
        name,
        id: merged[i],
        phone: null,
        township: '勐糯镇',
        ethnicity: '汉族',
        education: 'junior',
        hh: null,
      })),
    ]);
    // The error report repeats the roster's own header.
    const report = await t.must(t.clerk, 'artifact:get', { id: done.errorReportId! });
    const ExcelJS = (await import('../../electron/services/excel/exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(report.base64, 'base64') as never);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(['原行号', ...head, '错误原因']);
  });
});
