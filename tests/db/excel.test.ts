import ExcelJS from '../../electron/services/excel/exceljs';
import iconv from 'iconv-lite';
import { readFileSync, writeFileSync } from 'node:fs';
import { checkCharFor } from '../../shared/domain/idNumber';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli';
import { makeId } from '../fixtures/ids';
import { makeTestEnv, workerInput } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { HEAD } from '../fixtures/workersXlsx';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const row = (name: string, id: string, over: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = {
    姓名: name,
    公民身份号码: id,
    民族: '彝族',
    文化程度: '初中',
    手机号码: '13900001111',
    乡镇: '木城彝族傈僳族乡',
    '村（社区）': '木城村',
    详细地址: '',
    户口性质: '农业户口',
    就业状态: '务农',
    重点群体: '农村劳动力、生态护林员',
    ...over,
  };
  return HEAD.map((h) => r[h]!);
};

async function xlsx(rows: string[][], head = HEAD): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('劳动者信息');
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const fixCheck = (id: string) => id.slice(0, 17) + checkCharFor(id.slice(0, 17));

const send = (fileName: string, bytes: Buffer, commit: boolean) =>
  t.call(t.clerk, 'import:workers', { fileName, base64: bytes.toString('base64'), commit });

describe('Excel import', () => {
  it('offers a template with Chinese headers and drop-down lists', async () => {
    const a = await t.must(t.clerk, 'import:template', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(a.base64, 'base64') as never);
    const ws = wb.getWorksheet('劳动者信息')!;
    expect((ws.getRow(1).values as string[]).slice(1, 12)).toEqual([
      '姓名*',
      '公民身份号码*',
      '民族*',
      '文化程度*',
      '手机号码',
      '乡镇*',
      '村（社区）',
      '详细地址',
      '户口性质*',
      '就业状态*',
      '重点群体',
    ]);
    expect(ws.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$F$1:$F$10'] });
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$C$1:$C$56'] });
    expect(wb.getWorksheet('选项')!.getCell('F10').value).toBe('木城彝族傈僳族乡');
  });

  it('previews every kind of bad row with its reason, writes nothing, then imports only the valid rows', async () => {
    await t.must(t.clerk, 'worker:create', workerInput({ idNumber: makeId('530523', '19800101', 11), name: '王已有' }));
    const good1 = makeId('530523', '19900101', 21);
    const good2 = makeId('530523', '19910101', 23);
    const file = await xlsx([
      row('赵一', good1),
      row('钱二', `${good2.slice(0, 17)}${good2[17] === '0' ? '1' : '0'}`),
      row('孙三', good1),
      row('王已有', makeId('530523', '19800101', 11)),
      row('', makeId('530523', '19920101', 25)),
      row('周五', makeId('530523', '19930101', 27), { 手机号码: '1390000' }),
      row('吴六', makeId('530523', '19940101', 29), { 乡镇: '火星镇' }),
      row('郑七', good2, { 重点群体: '' }),
    ]);
    const before = await t.count('worker');
    const preview = await send('workers.xlsx', file, false);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value).toMatchObject({ total: 8, imported: 0, rejected: 6, committed: false });
    expect(preview.value.errors).toEqual([
      {
        row: 3,
        reason: `公民身份号码：校验位应为 ${good2[17]}（号码末位为 ${good2[17] === '0' ? '1' : '0'}），请核对号码是否录错`,
      },
      { row: 4, reason: '与第 2 行的身份证号重复' },
      { row: 5, reason: '身份证号已登记（王已有）' },
      { row: 6, reason: '缺少必填项“姓名”' },
      { row: 7, reason: '手机号码：手机号码应为 11 位，当前为 7 位' },
      { row: 8, reason: '未知的乡镇“火星镇”：应为龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡' },
    ]);
    expect(await t.count('worker')).toBe(before);

    const done = await t.must(t.clerk, 'import:workers', {
      fileName: 'workers.xlsx',
      base64: file.toString('base64'),
      commit: true,
    });
    expect(done).toMatchObject({ imported: 2, rejected: 6 });
    expect(await t.count('worker')).toBe(before + 2);
    const zhao = (await t.must(t.clerk, 'worker:search', { q: '赵一' })).items[0]!;
    expect(zhao).toMatchObject({ townshipName: '木城彝族傈僳族乡', targetGroups: ['forest_ranger', 'rural_labor'] });
    const report = await t.must(t.clerk, 'artifact:get', { id: done.errorReportId! });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(report.base64, 'base64') as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(7);
    expect(ws.getRow(2).getCell(1).value).toBe(3);
    expect(String(ws.getRow(7).getCell(13).value)).toBe(
      '未知的乡镇“火星镇”：应为龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡',
    );
  });

  it('accepts CSV saved by Chinese Excel in GBK, and in UTF-8 with a BOM', async () => {
    const csv = [HEAD, row('冯八', makeId('530523', '19950101', 31)), row('陈九', makeId('530523', '19960101', 33))]
      .map((r) => r.join(','))
      .join('\r\n');
    const gbk = await send('workers.csv', iconv.encode(csv, 'gbk'), true);
    expect(gbk.ok ? gbk.value.imported : gbk.error.message).toBe(2);
    const utf8 = await send(
      'more.csv',
      Buffer.from(`\uFEFF${[HEAD, row('褚十', makeId('530523', '19970101', 35))].map((r) => r.join(',')).join('\n')}`),
      true,
    );
    expect(utf8.ok ? utf8.value.imported : utf8.error.message).toBe(1);
    expect((await t.must(t.clerk, 'worker:search', { q: '冯八' })).total).toBe(1);
  });

  it('refuses files that are not spreadsheets, empty, with wrong headers or too big, writing nothing', async () => {
    const before = await t.count('worker');
    const message = async (name: string, bytes: Buffer) => {
      const r = await send(name, bytes, true);
      return r.ok ? 'accepted' : r.error.message;
    };
    expect(await message('photo.xlsx', Buffer.from('\x89PNG\r\n\x1a\n....'))).toBe(
      '文件不是 Excel 表格（.xlsx）或 CSV 文件',
    );
    expect(await message('empty.xlsx', Buffer.alloc(0))).toBe('文件是空的');
    expect(await message('blank.xlsx', await xlsx([], []))).toBe('表格是空的：没有表头和数据');
    expect(await message('head.xlsx', await xlsx([]))).toBe('表格只有表头，没有数据行');
    // Headers in a township's own words are read (名字, 证件号); what no column gives is named.
    expect(await message('wrong.xlsx', await xlsx([['a', 'b']], ['序号', '名字', '证件号']))).toMatch(
      /^表格中没有“乡镇”列：请在导入页面选择“全部行的乡镇”/,
    );
    expect(await message('unknown.xlsx', await xlsx([['a', 'b']], ['甲', '乙']))).toMatch(/^没有找到表头/);
    expect(await message('broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]))).toMatch(
      /无法读取该 Excel 文件/,
    );
    const huge = await t.call(t.clerk, 'import:workers', {
      fileName: 'huge.csv',
      base64: 'A'.repeat(89_000_000),
      commit: true,
    });
    expect(huge.ok ? '' : huge.error.message).toMatch(/文件过大/);
    expect(await t.count('worker')).toBe(before);
  });

  it('exports workers that import back unchanged; dates are dates and ID numbers masked unless asked', async () => {
    for (let i = 0; i < 5; i++)
      await t.must(
        t.clerk,
        'worker:create',
        workerInput({ seq: 400 + i, name: `导出${'甲乙丙丁戊'[i]}`, targetGroups: ['veteran', 'disabled'] }),
      );
    const masked = await t.must(t.reviewer, 'export:workers', {});
    const wbm = new ExcelJS.Workbook();
    await wbm.xlsx.load(Buffer.from(masked.base64, 'base64') as never);
    expect(String(wbm.worksheets[0]!.getRow(2).getCell(2).value)).toMatch(/^530523\*{8}\d{3}[\dX]$/);
    // Beside a mask, the birth year only: the date is the 8 hidden digits.
    expect(wbm.worksheets[0]!.getRow(1).getCell(4).value).toBe('出生年份');
    expect(wbm.worksheets[0]!.getRow(2).getCell(4).value).toBe(1990);
    const denied = await t.call(t.reviewer, 'export:workers', { fullId: true });
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');

    const full = await t.must(t.clerk, 'export:workers', { fullId: true });
    expect(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'exportFullId'")).toBe(1);
    const other = await makeTestEnv();
    const clerk = await other.loginAs('clerk');
    const back = await other.must(clerk, 'import:workers', {
      fileName: 'export.xlsx',
      base64: full.base64,
      commit: true,
    });
    expect(back).toMatchObject({ imported: 5, rejected: 0 });
    const a = (await t.must(t.clerk, 'worker:search', { q: '导出', pageSize: 10 })).items.map((w) => [
      w.name,
      w.idNumberMasked,
      w.townshipName,
      w.targetGroups.sort(),
    ]);
    const b = (await other.must(clerk, 'worker:search', { q: '导出', pageSize: 10 })).items.map((w) => [
      w.name,
      w.idNumberMasked,
      w.townshipName,
      w.targetGroups.sort(),
    ]);
    expect(b.sort()).toEqual(a.sort());
    await other.close();
  });

  it('exports vouchers with amounts as numbers in 元 with two decimals', async () => {
    const workerId = await t.newWorker();
    await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
    const x = await t.must(t.clerk, 'export:vouchers', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as never);
    const cell = wb.worksheets[0]!.getRow(2).getCell(7);
    expect(cell.value).toBe(1500);
    expect(cell.numFmt).toBe('#,##0.00');
  });

  it('keeps every Chinese character of a large streamed sheet intact (exceljs splits characters across chunks)', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(t.dir, 'big.xlsx'), useSharedStrings: false });
    const ws = wb.addWorksheet('劳动者信息');
    ws.addRow(HEAD).commit();
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const name = `工${String(i).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!)}`;
      names.push(name);
      ws.addRow(
        row(
          name,
          makeId('530523', '19800101', 0).slice(0, 6) +
            new Date(Date.UTC(1975, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '') +
            '003X',
        ).map((c, k) => (k === 1 ? fixCheck(c) : c)),
      ).commit();
    }
    await wb.commit();
    const r = await t.must(t.clerk, 'import:workers', {
      fileName: 'big.xlsx',
      base64: readFileSync(join(t.dir, 'big.xlsx')).toString('base64'),
      commit: true,
    });
    expect(r).toMatchObject({ imported: 3000, rejected: 0 });
    const stored = await t.db.column("SELECT name FROM worker WHERE name LIKE '工%' ORDER BY id");
    expect(stored).toEqual(names);
  });

  it('imports trainings and certificates from before the system the same way, marked as hand-entered', async () => {
    const id = makeId('530523', '19800101', 91);
    await t.must(t.clerk, 'worker:create', workerInput({ idNumber: id, name: '老档案' }));
    const tpl = await t.must(t.clerk, 'import:historyTemplate', {});
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.load(Buffer.from(tpl.base64, 'base64') as never);
    expect((twb.worksheets[0]!.getRow(1).values as string[]).slice(1, 3)).toEqual(['公民身份号码*', '记录类型*']);
    const head = [
      '公民身份号码',
      '记录类型',
      '机构',
      '职业编码',
      '等级',
      '开始日期',
      '结束日期',
      '学时',
      '结果',
      '证书类型',
      '证书编号',
    ];
    const file = await xlsx(
      [
        [
          id,
          '培训记录',
          '龙陵县劳动就业培训中心',
          '6-31-01-03',
          '五级/初级工',
          '2012/3/1',
          '2012/3/20',
          '80',
          '合格',
          '',
          '',
        ],
        [
          id,
          '证书',
          '保山市职业技能鉴定中心',
          '6-31-01-03',
          '初级工',
          '2012-04-01',
          '',
          '',
          '',
          '职业技能等级证书',
          'OLD-2012-0001',
        ],
        [
          id,
          '证书',
          '保山市职业技能鉴定中心',
          '6-31-01-03',
          '初级工',
          '2012-04-01',
          '',
          '',
          '',
          '职业技能等级证书',
          'OLD-2012-0001',
        ],
        [
          makeId('530523', '19800101', 93),
          '培训记录',
          '某机构',
          '6-31-01-03',
          '五级/初级工',
          '2012-03-01',
          '',
          '80',
          '合格',
          '',
          '',
        ],
        [id, '培训记录', '某机构', '9-99-99-99', '五级/初级工', '2012-03-01', '', '80', '合格', '', ''],
      ],
      head,
    );
    const r = await t.must(t.clerk, 'import:history', {
      fileName: 'old.xlsx',
      base64: file.toString('base64'),
      commit: true,
    });
    expect(r).toMatchObject({ imported: 2, rejected: 3 });
    expect(r.errors).toEqual([
      { row: 4, reason: '证书编号 OLD-2012-0001 在本表中重复' },
      { row: 5, reason: '该身份证号尚未登记，请先登记劳动者' },
      { row: 6, reason: '职业编码 9-99-99-99 不在职业目录中' },
    ]);
    const worker = (await t.must(t.clerk, 'worker:search', { q: '老档案' })).items[0]!;
    const a = await t.must(t.clerk, 'archive:get', { id: worker.id });
    expect(a.trainings).toEqual([
      expect.objectContaining({
        source: 'historical',
        startDate: '2012-03-01',
        endDate: '2012-03-20',
        hours: 80,
        result: 'passed',
      }),
    ]);
    expect(a.certificates).toEqual([
      expect.objectContaining({ number: 'OLD-2012-0001', historical: true, level: 'L5' }),
    ]);
  });

  it('CLI import workers prints {imported, rejected, errors, …}', async () => {
    const file = join(t.dir, 'cli.xlsx');
    writeFileSync(file, await xlsx([row('蒋十一', makeId('530523', '19980101', 37)), row('沈十二', '123')]));
    const r = runCli(['import', 'workers', '--db', t.file, '--file', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      imported: 1,
      rejected: 1,
      errors: [{ row: 3, reason: '公民身份号码：公民身份号码应为 18 位（旧号码为 15 位），当前为 3 位' }],
      incomplete: 0,
      sheet: '劳动者信息',
      headerRow: 1,
    });
  });
});
