import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let op: string;
let serial: string;
let voucherId: number;

beforeEach(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
  const idNumber = makeId('530523', '19900101', 611);
  const workerId = await t.newWorker({ idNumber });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
  await t.must(op, 'redeem:confirm', { text: v.qrText, idNumber });
  serial = v.serial;
  voucherId = v.id;
});
afterEach(() => t.close());

async function hoursLater(h: number) {
  t.clock.advance(h * 3_600_000);
  await t.must(op, 'auth:unlock', { password: PASSWORD });
}

/** Signs in at 08:00 on `day` (the clock moves there: a sign-in is always today's), `hours` later out. */
async function session(uid: string, day: string, hours: number) {
  t.clock.t = new Date(`${day}T08:00:00`);
  await t.must(op, 'auth:unlock', { password: PASSWORD });
  await t.must(op, 'attendance:sign', { classUid: uid, serial, action: 'in' });
  await hoursLater(hours);
  return t.must(op, 'attendance:sign', { classUid: uid, serial, action: 'out' });
}

/** A class of 五级's 40 最低学时 by default. */
async function classWithMember(plannedHours = 40) {
  const c = await t.must(op, 'class:create', {
    name: '养老护理员初级一班',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: '2026-11-29',
    endDate: '2026-12-10',
    plannedHours,
    teachers: '王老师',
  });
  const candidates = await t.must(op, 'class:candidates', { uid: c.uid });
  expect(candidates.map((x) => x.serial)).toEqual([serial]);
  // At the bureau the institution sees its own trainees by full name (and only the last 4 ID digits).
  expect(candidates[0]).toMatchObject({
    holderName: '张三',
    idLast4: expect.stringMatching(/^\d{3}[\dX]$/),
    mismatch: null,
  });
  await t.must(op, 'class:addMembers', { uid: c.uid, serials: [serial] });
  return c.uid;
}

describe('training progress', () => {
  it('takes a redeemed voucher through attendance, completion and certificate, each visible on the voucher', async () => {
    const uid = await classWithMember();
    await t.must(op, 'attendance:sign', { classUid: uid, serial, action: 'in' });
    const twice = await t.call(op, 'attendance:sign', { classUid: uid, serial, action: 'in' });
    expect(twice.ok ? null : twice.error.message).toBe('2026-11-29 已签到');
    await hoursLater(9);
    const first = await t.must(op, 'attendance:sign', { classUid: uid, serial, action: 'out' });
    expect(first).toMatchObject({ minutes: 540, attendancePct: 22 });
    for (const day of ['2026-11-30', '2026-12-01']) await session(uid, day, 9);
    expect(await session(uid, '2026-12-02', 8)).toMatchObject({ minutes: 2100, attendancePct: 87 });
    const done = await t.must(op, 'completion:record', { serial, result: 'passed', assessedOn: '2026-11-29' });
    expect(done.completion).toBe('passed');
    const cert = {
      serial,
      type: 'skill_level' as const,
      number: 'S000053052300001',
      occupationCode: '4-10-01-05',
      level: 'L5' as const,
      issuingBody: '龙陵县职业技能鉴定所',
      issuedOn: '2026-11-30',
    };
    expect((await t.must(op, 'certificate:record', cert)).certificateNumber).toBe('S000053052300001');
    await t.must(t.clerk, 'auth:unlock', { password: PASSWORD });
    const v = await t.must(t.clerk, 'voucher:get', { id: voucherId });
    expect(v.status).toBe('certified');
    expect(v.events.map((e) => e.toStatus)).toEqual(['issued', 'redeemed', 'completed', 'certified']);
  });

  it('refuses completion below the minimum attendance rate, and a certificate number already used', async () => {
    const uid = await classWithMember();
    await session(uid, '2026-11-29', 10);
    const low = await t.call(op, 'completion:record', { serial, result: 'passed', assessedOn: '2026-11-29' });
    expect(low.ok ? null : low.error.message).toBe(
      '出勤率 25% 低于最低要求 80%：还差 22 小时（已出勤 10 小时，按 40 学时计须达到 32 小时），不能结业',
    );
    await t.db.run(
      "INSERT INTO certificate (uid, serial, type, number, occupation_code, level, issuing_body, issued_on, recorded_at) VALUES ('u1', NULL, 'training', 'DUP-0001', '4-10-01-05', 'L5', '某机构', '2026-01-01', 'x')",
    );
    for (const day of ['2026-11-30', '2026-12-01', '2026-12-02']) await session(uid, day, 10);
    await t.must(op, 'completion:record', { serial, result: 'passed', assessedOn: '2026-11-30' });
    const dup = await t.call(op, 'certificate:record', {
      serial,
      type: 'training',
      number: 'DUP-0001',
      occupationCode: '4-10-01-05',
      level: 'L5',
      issuingBody: '龙陵县职业技能鉴定所',
      issuedOn: '2026-11-30',
    });
    expect(dup.ok ? null : dup.error.message).toBe('证书编号 DUP-0001 已被使用');
  });

  it("keeps attendance within the class dates and the roster to this institution's redemptions", async () => {
    const uid = await classWithMember();
    const outside = await t.call(op, 'attendance:sign', {
      classUid: uid,
      serial,
      action: 'in',
      sessionDate: '2026-12-20',
    });
    expect(outside.ok ? null : outside.error.message).toBe(
      '签到日期 2026-12-20 不在开班日期 2026-11-29 至 2026-12-10 之内',
    );
    const stranger = await t.call(op, 'class:addMembers', { uid, serials: ['530523-2026-000099-1'] });
    expect(stranger.ok ? null : stranger.error.message).toBe('券号 530523-2026-000099-1 未由本机构核销');
    const again = await t.call(op, 'class:addMembers', { uid, serials: [serial] });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
  });
});
