// 所属乡镇 (issue 14 §3): a clerk bound to townships sees, registers and issues only for their
// townships' workers; a county clerk (no binding) sees all; the binding applies at the next call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, workerInput } from '../fixtures/env';
import ExcelJS from '../../electron/services/excel/exceljs';
import { makeId } from '../fixtures/ids';
import { HEAD } from '../fixtures/workersXlsx';
import { codeOf, LONGSHAN, makeTownshipEnv, OWN_ONLY, ZHENAN, type TownshipEnv } from '../fixtures/township';

let t: TownshipEnv;
beforeEach(async () => {
  t = await makeTownshipEnv();
});
afterEach(() => t.close());

describe('binding a clerk to townships', () => {
  it('is kept with the user, shown in the list and in the session, and audited when changed', async () => {
    const row = (await t.must(t.adminToken, 'user:list', {})).find((u) => u.username === 'station1')!;
    expect(row.townships).toEqual([ZHENAN]);
    expect((await t.must(t.station, 'auth:session', {})).user?.townships).toEqual([ZHENAN]);
    await t.bind([LONGSHAN, ZHENAN]);
    const audit = await t.db.all<{ action: string; after_json: string | null }>(
      "SELECT action, after_json FROM audit_log WHERE entity = 'user' AND action = 'setTownships'",
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ townships: [LONGSHAN, ZHENAN] });
  });

  it('is refused for roles other than clerk, and for codes that are no township', async () => {
    const r = await t.call(t.adminToken, 'user:create', {
      username: 'rev2',
      displayName: '复核二',
      role: 'reviewer',
      townships: [ZHENAN],
      password: PASSWORD,
    });
    expect(r.ok ? null : r.error.message).toContain('只有经办人可以绑定所属乡镇');
    const bad = await t.call(t.adminToken, 'user:update', {
      id: t.stationId,
      displayName: '镇安镇服务站',
      role: 'clerk',
      townships: ['530523999'],
    });
    expect(bad.ok ? null : bad.error.message).toContain('所选乡镇不存在');
  });
});

describe('a township clerk', () => {
  it('finds only their townships’ workers; the county clerk finds all', async () => {
    const mine = await t.must(t.station, 'worker:search', { q: '', pageSize: 100 });
    expect(mine.items.map((w) => w.id)).toEqual([t.own.id]);
    expect(mine.total).toBe(1);
    for (const q of [t.other.name, t.other.idNumber.slice(-4)])
      expect((await t.must(t.station, 'worker:search', { q })).total).toBe(0);
    const all = await t.must(t.clerk, 'worker:search', { q: '', pageSize: 100 });
    expect(all.items.map((w) => w.id).sort()).toEqual([t.other.id, t.own.id].sort());
  });

  it('cannot open another township’s worker, its history or archive, even by guessing its id', async () => {
    for (const [channel, input] of [
      ['worker:get', { id: t.other.id }],
      ['worker:history', { id: t.other.id }],
      ['archive:get', { id: t.other.id }],
      ['export:archive', { workerId: t.other.id }],
    ] as const) {
      const r = await t.call(t.station, channel, input as never);
      expect([channel, codeOf(r)]).toEqual([channel, 'NOT_FOUND']);
      expect(JSON.stringify(r)).not.toContain(t.other.name);
    }
    expect(codeOf(await t.call(t.station, 'worker:get', { id: t.own.id }))).toBe('OK');
    expect(codeOf(await t.call(t.clerk, 'worker:get', { id: t.other.id }))).toBe('OK');
  });

  it('registers only in their townships, and is not told who holds a number registered elsewhere', async () => {
    const outside = await t.call(t.station, 'worker:create', workerInput({ seq: 950, townshipCode: LONGSHAN }));
    expect(outside.ok ? null : [outside.error.code, outside.error.message]).toEqual(['FORBIDDEN', OWN_ONLY]);
    const inside = await t.must(t.station, 'worker:create', workerInput({ seq: 951, townshipCode: ZHENAN }));
    expect(inside.townshipCode).toBe(ZHENAN);
    const moved = await t.call(t.station, 'worker:update', {
      ...workerInput({ idNumber: t.own.idNumber, name: t.own.name, townshipCode: LONGSHAN }),
      id: t.own.id,
    });
    expect(moved.ok ? null : moved.error.message).toBe(OWN_ONLY);
    const foreign = await t.call(t.station, 'worker:update', {
      ...workerInput({ idNumber: t.other.idNumber, townshipCode: ZHENAN }),
      id: t.other.id,
    });
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    const check = await t.must(t.station, 'worker:checkId', { idNumber: t.other.idNumber });
    expect(check).toMatchObject({ ok: true, existing: null, elsewhere: true });
    const dup = await t.call(
      t.station,
      'worker:create',
      workerInput({ idNumber: t.other.idNumber, townshipCode: ZHENAN }),
    );
    expect(dup.ok ? null : dup.error.code).toBe('CONFLICT');
    expect(JSON.stringify(dup)).not.toContain(t.other.name);
  });

  it('issues only to their townships’ workers, singly and in a batch', async () => {
    expect(codeOf(await t.call(t.station, 'voucher:check', { workerId: t.other.id, ...t.terms() }))).toBe('NOT_FOUND');
    expect(codeOf(await t.call(t.station, 'voucher:issue', { workerId: t.other.id, ...t.terms() }))).toBe('NOT_FOUND');
    const preview = await t.must(t.station, 'voucher:batchPreview', {
      ...t.terms(),
      selection: { workerIds: [t.other.id, t.own.id, 999_999] },
    });
    expect(preview.eligible.map((e) => e.workerId)).toEqual([t.own.id]);
    expect(preview.refused.map((r) => [r.workerId, r.name, r.refusals[0]!.rule])).toEqual([
      [t.other.id, '—', 'township'],
      [999_999, '—', 'township'],
    ]);
    const byFilter = await t.must(t.station, 'voucher:batchPreview', {
      ...t.terms(),
      selection: { filter: {} },
    });
    expect(byFilter.total).toBe(1);
    const v = await t.must(t.station, 'voucher:issue', { workerId: t.own.id, ...t.terms() });
    // The county clerk's voucher for the other township's worker stays out of the station's lists.
    const theirs = await t.must(t.clerk, 'voucher:issue', { workerId: t.other.id, ...t.terms() });
    const list = await t.must(t.station, 'voucher:list', { pageSize: 100 });
    expect(list.items.map((i) => i.id)).toEqual([v.id]);
    expect(codeOf(await t.call(t.station, 'voucher:get', { id: theirs.id }))).toBe('NOT_FOUND');
    expect((await t.must(t.clerk, 'voucher:list', { pageSize: 100 })).total).toBe(2);
  });

  it('follows a change of binding at the next call, and is county-wide once unbound', async () => {
    expect(codeOf(await t.call(t.station, 'worker:get', { id: t.other.id }))).toBe('NOT_FOUND');
    await t.bind([LONGSHAN]);
    expect(codeOf(await t.call(t.station, 'worker:get', { id: t.other.id }))).toBe('OK');
    expect(codeOf(await t.call(t.station, 'worker:get', { id: t.own.id }))).toBe('NOT_FOUND');
    expect((await t.must(t.station, 'auth:session', {})).user?.townships).toEqual([LONGSHAN]);
    await t.bind([]);
    expect((await t.must(t.station, 'worker:search', { q: '' })).total).toBe(2);
    const fresh = await t.must(t.station, 'worker:create', workerInput({ idNumber: makeId('530523', '19700101', 77) }));
    expect(fresh.townshipCode).toBe(LONGSHAN);
  });
});

describe('a township clerk importing a roster', () => {
  it('imports their townships’ rows only, and is not told under which name a number is registered', async () => {
    const row = (name: string, idNumber: string, township: string) =>
      HEAD.map(
        (h) =>
          ({
            姓名: name,
            公民身份号码: idNumber,
            民族: '汉族',
            文化程度: '初中',
            手机号码: '13900001111',
            乡镇: township,
            '村（社区）': '某村',
            详细地址: '',
            户口性质: '农业户口',
            就业状态: '务农',
            重点群体: '农村劳动力',
          })[h]!,
      );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('劳动者信息');
    ws.addRow(HEAD);
    ws.addRow(row('镇安丙', makeId('530523', '19910101', 31), '镇安镇'));
    ws.addRow(row('龙山丁', makeId('530523', '19920101', 32), '龙山镇'));
    ws.addRow(row('重复者', t.other.idNumber, '镇安镇'));
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r = await t.must(t.station, 'import:workers', { fileName: 'roster.xlsx', base64, commit: true });
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([
      { row: 3, reason: OWN_ONLY },
      { row: 4, reason: '身份证号已登记' },
    ]);
    expect(JSON.stringify(r)).not.toContain(t.other.name);
    expect(await t.db.value("SELECT township_code FROM worker WHERE name = '镇安丙'")).toBe(ZHENAN);
    expect(Number(await t.db.value("SELECT count(*) FROM worker WHERE name = '龙山丁'"))).toBe(0);
  });
});

describe('county-wide work', () => {
  it('is not for a clerk bound to townships: settlement, the ledger and the anomaly list are refused in Chinese', async () => {
    for (const [channel, input] of [
      ['settlement:list', {}],
      ['ledger:get', {}],
      ['anomaly:list', {}],
    ] as const) {
      const r = await t.call(t.station, channel, input as never);
      expect(r.ok ? null : r.error).toEqual({
        code: 'FORBIDDEN',
        message: '您绑定了所属乡镇，资金结算和异常核查由县级经办人办理',
      });
    }
    const county = await t.loginAs('clerk', 'countyclerk');
    expect((await t.call(county, 'settlement:list', {})).ok).toBe(true);
  });
});
