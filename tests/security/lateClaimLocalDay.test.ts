// 迟报 counts the county's days (a red-team's finding): the rule compared a session's local day with
// the UTC day of its package's import, so an import between midnight and 08:00 Beijing time let a
// session 32 local days old through unflagged. This test's process runs on China Standard Time.
process.env.TZ = 'Asia/Shanghai'; // before any date is made in this test's process

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

describe('迟报 in China Standard Time', () => {
  it('counts a session 32 local days old, imported at 04:00 in the morning', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        redemptionRecord(v, t.clock.now().toISOString()),
        classRecord(c),
        { kind: 'member', uid: randomUUID(), classUid: c, serial: v.serial },
      ]),
    });
    // To 2027-01-03 04:00 in Beijing (2027-01-02 20:00 UTC).
    const target = Date.parse('2027-01-02T20:00:00.000Z');
    t.clock.advance(target - t.clock.now().getTime());
    await t.later(0); // the sessions, idle meanwhile, unlocked again
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [session(c, v.serial, '2026-12-02'), session(c, v.serial, '2026-12-03')]),
    });
    await t.must(t.reviewer, 'anomaly:scan', {});
    const flags = (await t.must(t.reviewer, 'anomaly:list', { kind: 'late_claim' })).items;
    // 12-02 is 32 days before 01-03; 12-03 is 31, not more.
    expect(flags.map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线考勤 1 次距申报包导入（2027-01-03）超过 31 天，最早为 2026-12-02`,
    ]);
  });
});
