// Records a genuine institution install makes online, sent in its own claim package, and what the
// bureau does with them (a review of the claim checks). What the install accepts online, the bureau
// accepts too, or the install refuses it in the first place: a record refused at import is kept as a
// conflict and never looked at again (a later package reports it as a duplicate).
process.env.TZ = 'Asia/Shanghai'; // the county's time; one test moves the bureau to a server in UTC
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { institutionInstall, type InstitutionInstall } from '../fixtures/institutionInstall';
import type { Result } from '../../shared/contract/result';
import { dispatch } from '../../electron/core/dispatcher';

let t: VoucherEnv;
let inst: InstitutionInstall;
let seq = 930;

beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(async () => {
  await inst?.close();
  await t.close();
  process.env.TZ = 'Asia/Shanghai';
});

/** A voucher issued at the bureau now, with the holder's ID number. */
async function issued() {
  const idNumber = makeId('530523', '19900101', seq++);
  const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
  return { ...v, idNumber };
}

/** Moves both clocks (they are one) on, and unlocks the idle sessions on both sides. */
async function advance(ms: number) {
  t.clock.advance(ms);
  for (const token of [t.clerk, t.reviewer, t.adminToken]) await t.must(token, 'auth:unlock', { password: PASSWORD });
  await inst.call(inst.op, 'auth:unlock', { password: PASSWORD });
}

const onInstall = (channel: string, input: unknown) =>
  dispatch(inst.env, inst.op, channel as never, input) as Promise<Result<unknown>>;

async function exportAndImport() {
  const pkg = await inst.call<{ text: string }>(inst.op, 'claims:export', {});
  return t.must(t.reviewer, 'claims:import', { text: pkg.text });
}

const classInput = (startDate: string, endDate: string) => ({
  name: '电工初级班',
  occupationCode: '4-10-01-05',
  level: 'L5',
  startDate,
  endDate,
  plannedHours: 40,
  teachers: '张老师',
});

describe('a genuine install package, record by record', () => {
  it('a 补签 the install accepts for a class day before the redemption is accepted by the bureau too', async () => {
    const v = await issued();
    inst = await institutionInstall(t);
    // The class began on 11-30; the trainee's voucher was redeemed on 12-02, the day the school got
    // round to it; the missed first day is recorded as a 补签 with its reason.
    await advance(3 * 86_400_000); // 2026-12-02 10:00 in Beijing
    await inst.call(inst.op, 'redeem:confirm', { text: v.qrText, idNumber: v.idNumber });
    const c = await inst.call<{ uid: string }>(inst.op, 'class:create', classInput('2026-11-30', '2026-12-31'));
    await inst.call(inst.op, 'class:addMembers', { uid: c.uid, serials: [v.serial] });
    const online = await onInstall('attendance:makeup', {
      classUid: c.uid,
      serial: v.serial,
      sessionDate: '2026-12-01',
      signIn: '08:00',
      signOut: '12:00',
      reason: '学员当日到课，签到表漏记',
    });
    expect(online.ok).toBe(true); // the install takes it (no check against the redemption day)
    const r = await exportAndImport();
    const makeup = r.records.find((x) => x.kind === 'attendanceAdjustment');
    // It was refused as '考勤日期 2026-12-01 早于核销日期'.
    expect(makeup).toMatchObject({ outcome: 'applied', reason: null });
  });

  it('a completion date the bureau would refuse is refused by the install already', async () => {
    const v = await issued();
    inst = await institutionInstall(t);
    await inst.call(inst.op, 'redeem:confirm', { text: v.qrText, idNumber: v.idNumber });
    const c = await inst.call<{ uid: string }>(inst.op, 'class:create', classInput('2026-11-29', '2026-12-31'));
    await inst.call(inst.op, 'class:addMembers', { uid: c.uid, serials: [v.serial] });
    // The year mistyped (2025 for 2026): refused with the field named, as the bureau would refuse it.
    const r = await onInstall('completion:record', { serial: v.serial, result: 'passed', assessedOn: '2025-12-02' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '考核日期不能早于开班日期（2026-11-29）' },
    });
  });

  it("a morning sign-in is accepted when the bureau's server keeps UTC (as a Linux server does by default)", async () => {
    process.env.TZ = 'UTC'; // the county server
    const v = await issued(); // 2026-11-29 02:00 UTC
    inst = await institutionInstall(t);
    await inst.call(inst.op, 'auth:unlock', { password: PASSWORD });
    const asInstall = async <T>(fn: () => Promise<T>) => {
      process.env.TZ = 'Asia/Shanghai'; // the school's Windows PC
      try {
        return await fn();
      } finally {
        process.env.TZ = 'UTC';
      }
    };
    await asInstall(async () => {
      await inst.call(inst.op, 'redeem:confirm', { text: v.qrText, idNumber: v.idNumber });
      const c = await inst.call<{ uid: string }>(inst.op, 'class:create', classInput('2026-11-29', '2026-12-31'));
      await inst.call(inst.op, 'class:addMembers', { uid: c.uid, serials: [v.serial] });
    });
    // 07:40 the next morning in Beijing (23:40 UTC): the trainees sign in before the 08:00 lesson.
    t.clock.t = new Date('2026-11-29T23:40:00.000Z');
    await asInstall(async () => {
      await inst.call(inst.op, 'auth:unlock', { password: PASSWORD });
      const [c] = await inst.call<{ uid: string }[]>(inst.op, 'class:list', {});
      await inst.call(inst.op, 'attendance:sign', { classUid: c!.uid, serial: v.serial, action: 'in' });
      t.clock.t = new Date('2026-11-30T03:40:00.000Z');
      await inst.call(inst.op, 'auth:unlock', { password: PASSWORD });
      await inst.call(inst.op, 'attendance:sign', { classUid: c!.uid, serial: v.serial, action: 'out' });
    });
    for (const token of [t.reviewer]) await t.must(token, 'auth:unlock', { password: PASSWORD });
    const pkg = await asInstall(() => inst.call<{ text: string }>(inst.op, 'claims:export', {}));
    const r = await t.must(t.reviewer, 'claims:import', { text: pkg.text });
    expect(r.records.find((x) => x.kind === 'redemption')).toMatchObject({ outcome: 'applied' });
    expect(r.records.find((x) => x.kind === 'attendance')).toMatchObject({ outcome: 'applied', reason: null });
  });
});
