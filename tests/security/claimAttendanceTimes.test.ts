// The attendance an institution's claim package carries (a red-team's finding): an `attendance`
// record's minutes were stored as the package stated (up to 1440), not counted by the bureau's rule
// (sign-out minus sign-in, at most 720) as a sign-out's and an adjustment's were; no session date was
// checked (in the future, outside the class's dates, before the redemption), nor a makeup's, nor the
// dates of completion and certificate. So a package could complete (结业, payable in settlement) a
// trainee on the day of redemption with attendance that had not happened. Now each session is held to
// what a sign-in online allows, and its minutes are counted by the bureau.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { bureauWithInstall, type InstallKey } from '../fixtures/registration';

let t: VoucherEnv;
let key: InstallKey;
beforeEach(async () => {
  ({ t, key } = await bureauWithInstall());
});
afterEach(() => t.close());

const pkg = (records: unknown[]) => claimPackage(key, records);

/** Redeemed today (2026-11-29), put in a class of 40 planned hours running to the end of December. */
async function enrolled() {
  const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
  const classUid = randomUUID();
  const records = [
    redemptionRecord(v, t.clock.now().toISOString()),
    classRecord(classUid),
    { kind: 'member', uid: randomUUID(), classUid, serial: v.serial },
  ];
  return { v, classUid, records };
}

const completion = (serial: string) => ({
  kind: 'completion',
  uid: randomUUID(),
  serial,
  result: 'passed',
  assessedOn: '2026-11-29',
  attendancePct: 100,
});

describe("a claim package's attendance", () => {
  it('does not complete a trainee on two future, zero-length sessions claimed as 24 hours each', async () => {
    const { v, classUid, records } = await enrolled();
    const session = (date: string) => ({
      kind: 'attendance',
      uid: randomUUID(),
      classUid,
      serial: v.serial,
      sessionDate: date,
      signIn: `${date}T01:00:00.000Z`,
      signOut: `${date}T01:00:00.000Z`, // no time at all between sign-in and sign-out
      minutes: 1440,
    });
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg([...records, session('2026-12-20'), session('2026-12-21'), completion(v.serial)]),
    });
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', v.id)).toBe('redeemed');
    // The bureau's own count of those sessions is 0 minutes; and they are three weeks ahead.
    expect(Number(await t.db.value('SELECT sum(minutes) FROM attendance WHERE serial = ?', v.serial))).toBe(0);
    expect(r.records.find((x) => x.kind === 'completion')?.outcome).toBe('conflict');
  });

  it('does not complete a trainee on makeups dated months after the class ended', async () => {
    const { v, classUid, records } = await enrolled();
    const makeup = (date: string) => ({
      kind: 'attendanceAdjustment',
      uid: randomUUID(),
      type: 'makeup',
      attendanceUid: randomUUID(),
      classUid,
      serial: v.serial,
      sessionDate: date,
      before: null,
      after: { signIn: `${date}T00:00:00.000Z`, signOut: `${date}T12:00:00.000Z`, minutes: 720, voided: false },
      reason: '补签',
      recordedAt: t.clock.now().toISOString(),
      recordedBy: '机构操作员',
    });
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg([...records, makeup('2027-06-01'), makeup('2027-06-02'), makeup('2027-06-03'), completion(v.serial)]),
    });
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', v.id)).toBe('redeemed');
    expect(r.records.filter((x) => x.kind === 'attendanceAdjustment').map((x) => x.outcome)).toEqual([
      'conflict',
      'conflict',
      'conflict',
    ]);
  });

  it("takes today's session with the bureau's count of its minutes, and refuses a completion dated before the class", async () => {
    const { v, classUid, records } = await enrolled();
    const now = t.clock.now().getTime();
    const signIn = new Date(now - 3_600_000).toISOString();
    const session = {
      kind: 'attendance',
      uid: randomUUID(),
      classUid,
      serial: v.serial,
      sessionDate: signIn.slice(0, 10),
      signIn,
      signOut: new Date(now).toISOString(),
      minutes: 999,
    };
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg([...records, session, { ...completion(v.serial), assessedOn: '2026-11-01' }]),
    });
    expect(r.records.find((x) => x.kind === 'attendance')?.outcome).toBe('applied');
    expect(
      Number(await t.db.value('SELECT minutes FROM attendance WHERE uid = ?', `${t.institutionId}:${session.uid}`)),
    ).toBe(60);
    expect(r.records.find((x) => x.kind === 'completion')).toMatchObject({
      outcome: 'conflict',
      reason: expect.stringContaining('早于开班日期'),
    });
  });

  it('refuses a day that does not exist (30 February rolls to 1 March), which made two sessions of one day', async () => {
    const { v, classUid, records } = await enrolled();
    await t.later(3); // 2026-12-02: both days below are past
    const session = (sessionDate: string, signIn: string) => ({
      kind: 'attendance',
      uid: randomUUID(),
      classUid,
      serial: v.serial,
      sessionDate,
      signIn,
      signOut: new Date(Date.parse(signIn) + 10 * 3_600_000).toISOString(),
      minutes: 600,
    });
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg([
        ...records,
        session('2026-11-31', '2026-12-01T00:30:00.000Z'),
        session('2026-12-01', '2026-12-01T00:40:00.000Z'),
      ]),
    });
    expect(r.records.filter((x) => x.kind === 'attendance').map((x) => [x.outcome, x.reason])).toEqual([
      ['conflict', '考勤日期“2026-11-31”无效'],
      ['applied', null],
    ]);
  });
});
