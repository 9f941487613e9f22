// 持券人身份证号多次输错 names the institution where the latest wrong number was typed: that flag is
// the one a settlement batch and an institution's list show. It named the greatest institution code
// instead (max() over the codes), so guesses typed at one institution could be put on another's list
// (a red-team's finding while checking the settlement batch's flags); and by the order the bureau
// received them, since an offline failure's time is the institution's word.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import type { VoucherEnv } from '../fixtures/vouchers';
import { claimPackage } from '../fixtures/claimPackage';
import { bureauWithInstall, installKey, registrationFile, secondInstitution } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  ({ t } = await bureauWithInstall());
});
afterEach(() => t.close());

describe('the holder-guessing flag', () => {
  it('names the institution that typed the latest wrong number', async () => {
    const other = installKey();
    await secondInstitution(t);
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-002', other) });
    const otherId = Number(await t.db.value("SELECT id FROM institution WHERE code = 'LL-PX-002'"));
    const v = await t.must(t.clerk, 'voucher:issue', {
      workerId: await t.newWorker({ idNumber: makeId('530523', '19900101', 91) }),
      ...t.terms(),
    });
    const failure = (at: string) => ({ kind: 'holderFailure', uid: randomUUID(), serial: v.serial, at });
    // LL-PX-001 typed first, online...
    const op = await t.loginAs('institutionOperator', 'op1'); // LL-PX-001
    const wrong = makeId('530523', '19900101', 92);
    expect(await t.must(op, 'redeem:check', { text: v.qrText, idNumber: wrong })).toMatchObject({
      reason: 'holder_mismatch',
    });
    await t.later(1);
    // ... then LL-PX-002, in its package, a day later.
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [failure(t.clock.now().toISOString())], 'LL-PX-002'),
    });
    await t.must(t.reviewer, 'anomaly:scan', {});
    const flags = (await t.must(t.reviewer, 'anomaly:list', { kind: 'holder_guessing' })).items;
    expect(flags.map((f) => [f.serial, f.institutionId])).toEqual([[v.serial, otherId]]);

    // A later wrong number at LL-PX-001 moves the flag to it: the latest, not the greatest code.
    await t.later(1);
    const again = await t.loginAs('institutionOperator', 'op1');
    expect(
      await t.must(again, 'redeem:check', { text: v.qrText, idNumber: makeId('530523', '19900101', 93) }),
    ).toMatchObject({ reason: 'holder_mismatch' });
    await t.must(t.reviewer, 'anomaly:scan', {});
    const after = (await t.must(t.reviewer, 'anomaly:list', { kind: 'holder_guessing' })).items;
    expect(after.map((f) => f.institutionId)).toEqual([t.institutionId]);

    // A package's failures dated back (the institution's word) are still the latest received.
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [failure('2000-01-01T00:00:00.000Z')], 'LL-PX-002'),
    });
    await t.must(t.reviewer, 'anomaly:scan', {});
    const backdated = (await t.must(t.reviewer, 'anomaly:list', { kind: 'holder_guessing' })).items;
    expect(backdated.map((f) => f.institutionId)).toEqual([otherId]);
  });
});
