// The dashboard's figures against a small county worked out by hand, the anomaly rules, the
// statistics .xlsx read back and `report targets`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../electron/services/excel/exceljs';
import { makeId } from '../fixtures/ids';
import { runCli } from '../fixtures/cli';
import { PASSWORD } from '../fixtures/env';
import { trainVoucher, type Trained } from '../fixtures/training';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let op: string;
let committed: number;
const w: Record<string, { id: number; idNumber: string }> = {};
const v: Record<string, Trained> = {};

async function worker(key: string, over: Parameters<VoucherEnv['newWorker']>[0]) {
  const idNumber = makeId('530523', '19880101', 900 + Object.keys(w).length);
  w[key] = { id: await t.newWorker({ idNumber, ...over }), idNumber };
}

beforeAll(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
  // W1 and W3 live in 龙山镇, W2 in 勐糯镇; W1 is 农村劳动力, W2 also 脱贫劳动力, W3 in no group.
  await worker('W1', { townshipCode: '530523101', targetGroups: ['rural_labor'] });
  await worker('W2', { townshipCode: '530523103', targetGroups: ['rural_labor', 'poverty_alleviated'] });
  await worker('W3', { townshipCode: '530523101', targetGroups: [] });
  v.v1 = await trainVoucher(t, op, { worker: w.W1! }); // certified
  const v2 = await t.must(t.clerk, 'voucher:issue', { workerId: w.W2!.id, ...t.terms() });
  await t.must(t.reviewer, 'voucher:revoke', { id: v2.id, reason: '登记错误' }); // revoked
  await t.must(t.clerk, 'voucher:issue', { workerId: w.W3!.id, ...t.terms({ validityDays: 5 }) }); // expires
  v.v4 = await trainVoucher(t, op, { worker: w.W2!, complete: false, terms: { occupationCode: '6-31-01-03' } }); // redeemed
  v.v5 = await trainVoucher(t, op, { worker: w.W1!, terms: { planId: t.plan('elderly_care'), level: 'L4' } }); // certified
  await t.must(t.clerk, 'archive:addHistoricalTraining', {
    workerId: w.W3!.id,
    institutionName: '保山技师学院',
    occupationCode: '6-31-01-03',
    level: 'L3',
    startDate: '2026-03-01',
    endDate: '2026-04-30',
    hours: 300,
    result: 'passed',
  });
  await t.must(t.clerk, 'archive:addHistoricalCertificate', {
    workerId: w.W3!.id,
    type: 'skill_level',
    number: 'S00005305230-0001', // the same number as v1's certificate, written differently
    occupationCode: '6-31-01-03',
    level: 'L3',
    issuingBody: '保山市职业技能鉴定中心',
    issuedOn: '2026-05-10',
  });
  await t.later(6);
  await t.must(t.clerk, 'voucher:list', { page: 1, pageSize: 10 }); // runs the expiry
  // Issued in December, after W3's first voucher expired; stays unused.
  committed = (
    await t.must(t.clerk, 'voucher:issue', { workerId: w.W3!.id, ...t.terms({ occupationCode: '6-31-01-03' }) })
  ).amountFen;
});
afterAll(() => t.close());

const row = async (dim: 'plan' | 'township' | 'institution' | 'group' | 'month' | 'occupation', label: string) =>
  (await t.must(t.clerk, 'stats:breakdown', { dim })).find((r) => r.label === label);

describe('dashboard figures', () => {
  it('counts the county goals from the archives', async () => {
    const o = await t.must(t.clerk, 'stats:overview', {});
    expect(o.county).toEqual([
      // v1, v4, v5 redeemed, plus the hand-entered training
      expect.objectContaining({ key: 'personTimes', actual: 4, target: 10000, pct: 0 }),
      // W1 (two 五级 certificates) and W3 (三级, hand-entered)
      expect.objectContaining({ key: 'skilled', actual: 2, target: 20000 }),
      expect.objectContaining({ key: 'highSkill', actual: 1, target: 1000, pct: 0.1 }),
    ]);
    expect(o.historicalTrainings).toBe(1);
    const skills = o.plans.find((p) => p.plan === '职业技能提升行动')!;
    expect(skills).toMatchObject({ leadUnit: '县人力资源和社会保障局', target: 10000, trained: 2, certified: 1 });
    const care = o.plans.find((p) => p.plan === '康养云师傅计划')!;
    expect(care).toMatchObject({ trained: 1, certified: 1 });
    expect(care.subtargets).toEqual([
      { occupationCode: '4-10-01-05', occupationName: '养老护理员', target: 600, certified: 1 },
    ]);
  });

  it('breaks vouchers down by township, institution, target group, plan, occupation and month', async () => {
    expect(await row('township', '龙山镇')).toMatchObject({
      issued: 4,
      redeemed: 2,
      expired: 1,
      revoked: 0,
      settled: 0,
      redemptionRate: 50,
      avgDaysToRedeem: 0,
      committedFen: committed,
    });
    expect(await row('township', '勐糯镇')).toMatchObject({ issued: 2, redeemed: 1, revoked: 1, redemptionRate: 50 });
    expect(await row('institution', '龙陵县职业技能培训学校')).toMatchObject({ issued: 3, redeemed: 3 });
    expect(await row('institution', '未核销（未指定机构）')).toMatchObject({ issued: 3, redeemed: 0 });
    expect(await row('group', '农村劳动力')).toMatchObject({ issued: 4, redeemed: 3 });
    expect(await row('group', '脱贫劳动力')).toMatchObject({ issued: 2, redeemed: 1 });
    expect(await row('group', '无重点群体')).toMatchObject({ issued: 2, redeemed: 0, expired: 1 });
    expect(await row('plan', '职业技能提升行动')).toMatchObject({ issued: 5, redeemed: 2 });
    expect(await row('occupation', '养老护理员')).toMatchObject({ issued: 4, redeemed: 2 });
    const months = await t.must(t.clerk, 'stats:breakdown', { dim: 'month' });
    expect(months).toEqual([
      expect.objectContaining({ key: '2026-11', label: '2026 年 11 月', issued: 5, redeemed: 3 }),
      expect.objectContaining({ key: '2026-12', label: '2026 年 12 月', issued: 1, redeemed: 0 }),
    ]);
    const december = await t.must(t.clerk, 'stats:breakdown', { dim: 'township', from: '2026-12', to: '2026-12' });
    expect(december).toEqual([expect.objectContaining({ label: '龙山镇', issued: 1, committedFen: committed })]);
  });

  it('keeps the statistics equal to a count over the vouchers themselves', async () => {
    const fromStats = await t.db.get(
      "SELECT sum(n) AS n, sum(n_issued) AS issued, sum(fen_total) AS fen FROM voucher_stat WHERE dim = 'township'",
    );
    const direct = await t.db.get(
      "SELECT count(*) AS n, sum(CASE WHEN status = 'issued' THEN 1 ELSE 0 END) AS issued, sum(amount_fen) AS fen FROM voucher",
    );
    expect(fromStats).toEqual(direct);
  });

  it('exports every table as .xlsx that reads back', async () => {
    const a = await t.must(t.clerk, 'stats:xlsx', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(a.base64, 'base64') as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '总体目标',
      '各计划进度',
      '按计划',
      '按乡镇',
      '按培训机构',
      '按职业（工种）',
      '按重点群体',
      '按月份',
    ]);
    const towns = wb.getWorksheet('按乡镇')!;
    const values = towns
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1, 3));
    expect(values).toContainEqual(['龙山镇', 4]);
    expect(towns.getRow(2).getCell(7).numFmt).toBe('0.0%');
    const goals = wb.getWorksheet('总体目标')!;
    expect(goals.getRow(2).values).toEqual([undefined, '培训人次', 10000, 4, 0]);
  });

  it('prints `report targets --json` per plan', async () => {
    const r = await runCli(['report', 'targets', '--db', t.file, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      plan: string;
      leadUnit: string;
      target: number;
      trained: number;
      certified: number;
    }[];
    expect(rows.find((x) => x.plan === '职业技能提升行动')).toEqual({
      plan: '职业技能提升行动',
      leadUnit: '县人力资源和社会保障局',
      target: 10000,
      trained: 2,
      certified: 1,
    });
  });
});

describe('anomaly flags', () => {
  it('flags each pattern with its reason, on the dashboard and on the record', async () => {
    await t.must(op, 'auth:unlock', { password: PASSWORD });
    // A student paid a subsidy; a holder from 木城乡 redeeming in 龙山镇; two overlapping classes of one person.
    const student = makeId('530523', '20050101', 77);
    const sid = await t.newWorker({ idNumber: student, employmentStatus: 'student' });
    const paidStudent = await trainVoucher(t, op, { worker: { id: sid, idNumber: student } });
    await t.must(t.clerk, 'settlement:create', { institutionId: t.institutionId, voucherIds: [paidStudent.voucherId] });
    const farId = makeId('530523', '19800101', 78);
    const far = await trainVoucher(t, op, {
      worker: { id: await t.newWorker({ idNumber: farId, townshipCode: '530523207' }), idNumber: farId },
      complete: false,
    });
    const busyId = makeId('530523', '19810101', 79);
    const busy = { id: await t.newWorker({ idNumber: busyId }), idNumber: busyId };
    await trainVoucher(t, op, { worker: busy, complete: false, classDates: ['2026-12-10', '2026-12-20'] });
    const second = await trainVoucher(t, op, {
      worker: busy,
      complete: false,
      classDates: ['2026-12-15', '2026-12-25'],
      terms: { occupationCode: '6-31-01-03' },
    });
    // Attendance outside the class dates can only arrive from an institution's own install.
    const uid = await t.db.value('SELECT class_uid FROM class_member WHERE serial = ?', second.serial);
    await t.db.run(
      "INSERT INTO attendance (uid, class_uid, serial, session_date, sign_in, minutes) VALUES ('x1', ?, ?, '2026-12-01', '2026-12-01T01:00:00Z', 60)",
      uid,
      second.serial,
    );
    await t.must(t.adminToken, 'settings:update', { spikeMin: 2 });
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });

    const { found } = await t.must(t.clerk, 'anomaly:scan', {});
    const page = await t.must(t.clerk, 'anomaly:list', { page: 1, pageSize: 50 });
    expect(page.total).toBe(found);
    expect(page.byKind.age_or_status).toBe(1);
    expect(page.byKind.far_redemption).toBe(1);
    // W1's two one-day classes fell on the same day too.
    expect(page.byKind.class_overlap).toBe(2);
    expect(page.byKind.attendance_outside).toBe(1);
    expect(page.byKind.certificate_reuse).toBe(1);
    expect(page.byKind.redemption_spike).toBeGreaterThanOrEqual(1);
    const reasons = (kind: string) => page.items.filter((a) => a.kind === kind).map((a) => a.reason);
    expect(reasons('age_or_status')).toEqual(['补贴对象登记为在校学生']);
    expect(reasons('far_redemption')[0]).toMatch(
      /^持券人户籍在木城彝族傈僳族乡，在龙山镇的龙陵县职业技能培训学校核销，相距约 \d+ 公里/,
    );
    expect(reasons('certificate_reuse')[0]).toContain('S00005305230-0001');
    expect(reasons('attendance_outside')[0]).toContain('2026-12-01');
    expect(reasons('class_overlap').every((r) => r.includes('时间重叠'))).toBe(true);
    const busyFlags = await t.must(t.clerk, 'anomaly:list', { workerId: busy.id, page: 1, pageSize: 10 });
    expect(busyFlags.items.map((a) => a.kind).sort()).toEqual(['attendance_outside', 'class_overlap']);

    // On the record: by voucher serial and by worker.
    const onVoucher = await t.must(t.clerk, 'anomaly:list', { serial: far.serial, page: 1, pageSize: 10 });
    expect(onVoucher.items.map((a) => a.kind)).toEqual(['far_redemption']);
    const onWorker = await t.must(t.clerk, 'anomaly:list', { workerId: sid, page: 1, pageSize: 10 });
    expect(onWorker.items.map((a) => a.kind)).toEqual(['age_or_status']);

    // A second scan keeps when each flag was first found.
    const first = page.items[0]!;
    await t.later(1);
    await t.must(t.clerk, 'anomaly:scan', {});
    const again = await t.must(t.clerk, 'anomaly:list', { page: 1, pageSize: 50 });
    expect(again.items.find((a) => a.reason === first.reason)!.detectedAt).toBe(first.detectedAt);
  });
});
