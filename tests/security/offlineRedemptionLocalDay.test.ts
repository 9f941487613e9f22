// An offline redemption's time is UTC (as the install writes it); issue and expiry dates are the
// county's local days. Compared as UTC dates, a same-day redemption between midnight and 08:00 in
// Beijing was refused as earlier than its issue, and one up to 8 hours past the expiry day was taken
// (a red-team's finding). The day of the time as the county counts days is compared now.
process.env.TZ = 'Asia/Shanghai'; // before any date is made in this test's process
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { installKey, registrationFile } from '../fixtures/registration';
import { claimPackage, redemptionRecord } from '../fixtures/claimPackage';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('the day of an offline redemption, in Beijing', () => {
  it('is the local day: 01:00 on the issue day is that day, 01:00 after the expiry day is too late', async () => {
    const key = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    // The test clock stands at 2026-11-29 10:00 in Beijing (02:00 UTC): issued on 2026-11-29.
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    expect(v.issueDate).toBe('2026-11-29');
    // 2026-11-29 01:00 in Beijing is 2026-11-28 17:00 UTC.
    const sameDay = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(v, '2026-11-28T17:00:00.000Z')]),
    });
    expect(sameDay.records[0]).toMatchObject({ outcome: 'applied' });

    const late = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    // The day after its expiry, 01:00 in Beijing: still the expiry day in UTC.
    const after = new Date(`${late.expiryDate}T17:00:00.000Z`).toISOString();
    await t.later(Math.ceil((Date.parse(late.expiryDate) - t.clock.now().getTime()) / 86_400_000) + 2);
    const r = await t.must(t.reviewer, 'claims:import', { text: claimPackage(key, [redemptionRecord(late, after)]) });
    expect(r.records[0]).toMatchObject({ outcome: 'conflict', reason: expect.stringContaining('已过期') });
  });
});
