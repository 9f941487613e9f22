// 迟报 on the anomaly list: offline records whose own date is more than a month before the import of
// the package that brought them. Offline, a redemption's time and a session's date are the
// institution's word; the bureau accepts them within its checks (a redemption not before issue, a
// session within the class), and a reviewer sees the late ones before the institution is paid.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VoucherEnv } from '../fixtures/vouchers';
import { attendanceRecord, claimPackage, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { bureauWithInstall, type InstallKey } from '../fixtures/registration';

let t: VoucherEnv;
let key: InstallKey;
beforeEach(async () => {
  ({ t, key } = await bureauWithInstall());
});
afterEach(() => t.close());

const session = attendanceRecord;

async function lateFlags() {
  await t.must(t.reviewer, 'anomaly:scan', {});
  return (await t.must(t.reviewer, 'anomaly:list', { kind: 'late_claim' })).items;
}

describe('offline records reported late', () => {
  it('are flagged per voucher and package when dated more than a month before the import', async () => {
    // Issued on 2026-11-29 for 30 days: it expires on 2026-12-28.
    await t.must(t.adminToken, 'settings:update', { voucherValidityDays: 30 });
    const late = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const timely = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const classUid = randomUUID();
    // Imported on 2027-01-28, sixty days on: the voucher had lapsed a month before.
    await t.later(60);
    const r = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        redemptionRecord(late, '2026-11-30T02:00:00.000Z'),
        redemptionRecord(timely, '2026-12-28T02:00:00.000Z'), // 31 days: not late, but lapsed since
        classRecord(classUid),
        { kind: 'member', uid: randomUUID(), classUid, serial: late.serial },
        { kind: 'member', uid: randomUUID(), classUid, serial: timely.serial },
        session(classUid, late.serial, '2026-12-01'),
        session(classUid, late.serial, '2026-12-02'),
        session(classUid, late.serial, '2026-12-30'),
        session(classUid, timely.serial, '2026-12-30'),
      ]),
    });
    expect(r.records.filter((x) => x.outcome !== 'applied')).toEqual([]);

    const flags = await lateFlags();
    const bySerial = new Map(flags.map((f) => [f.serial, f]));
    expect(bySerial.size).toBe(2);
    expect(bySerial.get(late.serial)).toMatchObject({
      institutionId: t.institutionId,
      workerId: late.workerId,
      reason:
        `券 ${late.serial} 的离线核销（记于 2026-11-30）、考勤 2 次距申报包导入（2027-01-28）超过 31 天，` +
        `最早为 2026-11-30；此券已于 2026-12-28 到期，申报的核销日期在到期之前`,
    });
    // Within the month, but the voucher had lapsed by the import: flagged whatever the delay.
    expect(bySerial.get(timely.serial)?.reason).toBe(
      `券 ${timely.serial} 的离线核销记于 2026-12-28，此券 2026-12-28 到期，申报包到期后才导入（2027-01-28）`,
    );
  });

  it('counts 补签 sent late, and leaves records sent within the month alone', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const classUid = randomUUID();
    const base = [
      redemptionRecord(v, '2026-11-29T02:00:00.000Z'),
      classRecord(classUid),
      { kind: 'member', uid: randomUUID(), classUid, serial: v.serial },
    ];
    await t.later(20);
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [...base, session(classUid, v.serial, '2026-12-01')]),
    });
    expect(await lateFlags()).toEqual([]);

    // Forty days later, a makeup for a day at the start of the class.
    await t.later(40);
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        {
          kind: 'attendanceAdjustment',
          uid: randomUUID(),
          type: 'makeup',
          attendanceUid: randomUUID(),
          classUid,
          serial: v.serial,
          sessionDate: '2026-12-02',
          before: null,
          after: {
            signIn: '2026-12-02T01:00:00.000Z',
            signOut: '2026-12-02T09:00:00.000Z',
            minutes: 480,
            voided: false,
          },
          reason: '纸质签到表补记',
          recordedAt: '2027-01-27T01:00:00.000Z',
          recordedBy: 'op',
        },
      ]),
    });
    const flags = await lateFlags();
    expect(flags.map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线补签或更正 1 次距申报包导入（2027-01-28）超过 31 天，最早为 2026-12-02`,
    ]);
  });

  it('counts a completion sent late, not a certificate (its day is the issuing body’s)', async () => {
    await t.must(t.adminToken, 'settings:update', { minAttendancePct: 0 });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const classUid = randomUUID();
    await t.later(10);
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        redemptionRecord(v, '2026-11-29T02:00:00.000Z'),
        classRecord(classUid),
        { kind: 'member', uid: randomUUID(), classUid, serial: v.serial },
        session(classUid, v.serial, '2026-12-01'),
      ]),
    });
    // Fifty days after the import above (2027-01-28), the completion of 2026-12-05 and a certificate.
    await t.later(50);
    const r = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        {
          kind: 'completion',
          uid: randomUUID(),
          serial: v.serial,
          result: 'passed',
          assessedOn: '2026-12-05',
          attendancePct: 100,
        },
        {
          kind: 'certificate',
          uid: randomUUID(),
          serial: v.serial,
          type: 'skill_level',
          number: 'ZS-2026-0001',
          occupationCode: '4-10-01-05',
          level: 'L5',
          issuingBody: '保山市职业技能鉴定中心',
          issuedOn: '2026-12-06',
        },
      ]),
    });
    expect(r.records.map((x) => x.outcome)).toEqual(['applied', 'applied']);
    expect((await lateFlags()).map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线结业（考核于 2026-12-05）距申报包导入（2027-01-28）超过 31 天，最早为 2026-12-05`,
    ]);
  });
});
