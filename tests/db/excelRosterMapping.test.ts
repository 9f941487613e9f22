// The mapping step, file-wide values and 待补充 through the real dispatcher and CLI: a column
// re-mapped and remembered for the next file, sheets chosen, files that cannot be mapped, and a
// worker left 待补充 who gets no voucher until completed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerImportRequest } from '../../shared/contract/schemas/workerImport';
import { runCli } from '../fixtures/cli';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { person, rosterLines, rosterXlsx, TITLE, workbook, type Cell } from '../fixtures/rosterXlsx';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const send = (bytes: Buffer, commit: boolean, more: Partial<WorkerImportRequest> = {}) =>
  t.must(t.clerk, 'import:workers', { fileName: '花名册.xlsx', base64: bytes.toString('base64'), commit, ...more });

describe('the mapping step', () => {
  it('applies the clerk’s columns and file-wide values, and offers them again for a file with the same headers', async () => {
    // 备注 holds the address in this township's habit; 联系电话 holds a landline nobody wants.
    const first = await rosterXlsx([person(0), person(1)]);
    const p = await send(first, false);
    const columns = p.layout!.columns.map((c) => c.field);
    columns[4] = null; // E 联系电话 → 忽略
    columns[8] = 'address'; // I 备注 → 详细地址
    const mapping = { signature: p.layout!.signature, columns };
    const values = { householdType: '农业户口', employmentStatus: 'farming' };
    const preview = await send(first, false, { mapping, values });
    expect(preview.layout!.columns[4]).toMatchObject({ field: null, source: 'chosen', note: '不导入' });
    expect(preview.layout!.columns[1]).toMatchObject({ field: 'name', source: 'auto' });
    expect(preview.layout!.columns[8]).toMatchObject({ field: 'address', source: 'chosen' });
    expect(preview.pendingCounts).toEqual({ ethnicity: 2, education: 2 });
    const done = await send(first, true, { mapping, values });
    expect(done).toMatchObject({ imported: 2, incomplete: 2 });
    const w = await t.db.get(
      "SELECT phone, household_type AS hh, employment_status AS emp FROM worker WHERE name = '赵甲一'",
    );
    expect(w).toEqual({ phone: null, hh: 'agricultural', emp: 'farming' });
    expect(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'saveMapping'")).toBe(1);

    const second = await rosterXlsx([person(5), person(6)]);
    const again = await send(second, false);
    expect(again.layout).toMatchObject({ remembered: true, signature: mapping.signature });
    expect(again.layout!.columns.map((c) => c.field)).toEqual(columns);
    expect(again.layout!.columns[8]!.source).toBe('remembered');
    expect(again.layout!.columns[4]).toMatchObject({ source: 'remembered', note: '不导入' });
  });

  it('takes the township from the 填报单位 line when there is no township column; a value not understood stops the import', async () => {
    const head = ['序号', '姓名', '身份证号', '手机号', '家庭住址'];
    const p = person(3);
    const lines: Cell[][] = [[TITLE], ['填报单位：碧寨乡人民政府'], head, [1, p.name, p.id, p.phone!, '碧寨乡某村']];
    const file = await workbook([{ name: 'Sheet1', lines, merges: ['A1:E1'] }]);
    const r = await send(file, true, { values: { ethnicity: '汉' } });
    expect(r.layout).toMatchObject({ townshipFrom: '填报单位：碧寨乡人民政府', values: { townshipCode: '530523203' } });
    expect(r).toMatchObject({ imported: 1, pendingCounts: { education: 1, householdType: 1, employmentStatus: 1 } });
    const bad = await t.call(t.clerk, 'import:workers', {
      fileName: 'x.xlsx',
      base64: file.toString('base64'),
      values: { householdType: '城里' },
    });
    expect(bad.ok ? '' : bad.error.message).toBe('全部行的户口性质“城里”无法识别，可填：农业户口、非农业户口');
  });

  it('reads a two-line header, and says what is missing when a file cannot be mapped, writing nothing', async () => {
    const two: Cell[][] = [
      ['序号', '姓名', '身份证号码', '联系方式', '', '乡镇'],
      ['', '', '', '手机', '住址', ''],
      [1, '两行头', person(7).id, '13900007777', '平达乡某村', '平达乡'],
    ];
    const r = await send(
      await workbook([{ name: 'S', lines: two, merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1', 'F1:F2'] }]),
      true,
    );
    expect(r.layout).toMatchObject({ headerRow: 1, headerLines: 2 });
    expect(r.layout!.columns.map((c) => c.field)).toEqual([
      null,
      'name',
      'idNumber',
      'phone',
      'address',
      'townshipCode',
    ]);
    expect(r.imported).toBe(1);

    const before = await t.count('worker');
    const noId = await workbook([
      {
        name: 'S',
        lines: [
          ['姓名', '号码', '乡镇'],
          ['某人', person(8).id, '龙山镇'],
        ],
      },
    ]);
    expect((await send(noId, false)).layout!.problem).toMatch(
      /第 1 行的表头（姓名、号码、乡镇）中没有对应“公民身份号码”的列/,
    );
    const refused = await t.call(t.clerk, 'import:workers', {
      fileName: 'x.xlsx',
      base64: noId.toString('base64'),
      commit: true,
    });
    expect(refused.ok ? '' : refused.error.message).toMatch(/没有对应“公民身份号码”的列：请在导入页面为该列选择/);
    const noHeader = await workbook([
      {
        name: 'S',
        lines: [
          ['甲', '乙'],
          ['1', '2'],
        ],
      },
    ]);
    expect((await send(noHeader, false)).layout!.problem).toMatch(/^没有找到表头：工作表“S”的前 30 行中没有/);
    expect(await t.count('worker')).toBe(before);
  });

  it('chooses among several sheets: the first recognised one, or the one asked for by name or number', async () => {
    const a = rosterLines([person(10)]);
    const b = rosterLines([person(11), person(12)], { unit: '镇安镇人民政府' });
    const file = await workbook([
      { name: '说明', lines: [['本表由各乡镇填报']] },
      { name: '龙山镇', ...a },
      { name: '镇安镇', ...b },
    ]);
    expect((await send(file, false)).layout).toMatchObject({ sheetName: '龙山镇', sheet: 2, sheetChosenBy: 'header' });
    expect((await send(file, false, { sheet: '镇安镇' })).total).toBe(2);
    expect((await send(file, false, { sheet: 3 })).layout!.sheetName).toBe('镇安镇');
    const none = await t.call(t.clerk, 'import:workers', {
      fileName: 'x.xlsx',
      base64: file.toString('base64'),
      sheet: '勐糯镇',
    });
    expect(none.ok ? '' : none.error.message).toBe(
      '没有工作表“勐糯镇”。本文件的工作表：1. 说明（1 行）；2. 龙山镇（8 行）；3. 镇安镇（9 行）',
    );
  });
});

describe('待补充', () => {
  it('refuses a voucher until the missing fields are filled in; saving them clears the mark', async () => {
    await send(await rosterXlsx([person(20), person(21)]), true, { values: { ethnicity: '汉族', education: '初中' } });
    const [w1, w2] = (await t.must(t.clerk, 'worker:search', { q: '', pending: true })).items;
    const check = await t.must(t.clerk, 'voucher:check', { workerId: w1!.id, ...t.terms() });
    expect(check.eligible).toBe(false);
    expect(check.refusals[0]).toMatchObject({
      rule: 'PENDING',
      message: '【信息待补充】户口性质、就业状态尚未填写，请先补充劳动者信息（编辑）后再发券',
    });
    const issued = await t.call(t.clerk, 'voucher:issue', { workerId: w1!.id, ...t.terms() });
    expect(issued.ok ? '' : issued.error.message).toMatch(/户口性质、就业状态尚未填写/);
    const batch = await t.must(t.clerk, 'voucher:batchPreview', {
      ...t.terms(),
      selection: { workerIds: [w1!.id, w2!.id] },
    });
    expect(batch.refused.map((r) => r.refusals[0]!.rule)).toEqual(['PENDING', 'PENDING']);

    // As the form saves it: everything the worker has, and the two fields filled in.
    const w = await t.must(t.clerk, 'worker:get', { id: w1!.id, full: true });
    const saved = await t.must(t.clerk, 'worker:update', {
      id: w.id,
      idNumber: w.idNumber,
      allowUnlistedAddress: w.addressCodeUnlisted,
      name: w.name,
      ethnicity: '汉族',
      education: w.education!,
      phone: w.phone,
      townshipCode: w.townshipCode,
      village: w.village,
      address: w.address,
      householdType: 'agricultural',
      employmentStatus: 'farming',
      targetGroups: w.targetGroups,
    });
    expect(saved.pendingFields).toEqual([]);
    expect((await t.must(t.clerk, 'worker:search', { q: '', pending: true })).total).toBe(1);
    expect((await t.must(t.clerk, 'voucher:check', { workerId: w1!.id, ...t.terms() })).eligible).toBe(true);
  });
});

describe('CLI import workers', () => {
  it('imports the good rows of a township roster with no other option and reports the rest per row', async () => {
    const bad = person(31, { id: '5.30523E+17' });
    const file = join(t.dir, '花名册.xlsx');
    writeFileSync(file, await rosterXlsx([person(30), bad, person(32, { township: '龙山' })]));
    const r = runCli(['import', 'workers', '--db', t.file, '--file', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      imported: 2,
      rejected: 1,
      incomplete: 2,
      pending: { 民族: 2, 文化程度: 2, 户口性质: 2, 就业状态: 2 },
      sheet: '报名花名册',
      headerRow: 4,
      columns: { B: '姓名', D: '公民身份号码', E: '手机号码', F: '乡镇', G: '村（社区）', H: '重点群体' },
    });
    expect(out.errors).toEqual([
      { row: 6, reason: expect.stringMatching(/^身份证号显示为科学计数法（5.30523E\+17）/) },
    ]);

    const again = join(t.dir, '第二批.xlsx');
    writeFileSync(again, await rosterXlsx([person(33)]));
    const set = runCli([
      'import',
      'workers',
      '--db',
      t.file,
      '--file',
      again,
      '--set',
      '户口性质=农业户口',
      '--set',
      '就业状态=务农',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('表头：第 4 行');
    expect(set.stdout).toContain('其中 1 人信息待补充（民族、文化程度）');
    const wrong = runCli(['import', 'workers', '--db', t.file, '--file', again, '--set', '性别=男', '--json']);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).error.message).toBe(
      '--set 性别=男 无法识别：应写成 --set 字段=取值，可设置的字段：乡镇、民族、文化程度、户口性质、就业状态',
    );
  });
});
