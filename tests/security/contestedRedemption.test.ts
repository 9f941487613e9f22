// A voucher's QR is printed on paper the holder shows and carried in every claim package: an
// institution that saw it (or got hold of another's package) can claim the voucher first, offline,
// under numbers of its own. The true institution's claim is then refused (已由…先行核销), which only
// whoever imported its package saw. The anomaly list now puts such a voucher on both institutions'
// lists and the holder's archive (一券两家申报), before the one that redeemed it is paid.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { passwordChosen } from '../fixtures/passwordChosen';
import type { VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, redemptionRecord } from '../fixtures/claimPackage';
import {
  bureauWithInstall,
  installKey,
  registrationFile,
  secondInstitution,
  type InstallKey,
} from '../fixtures/registration';

let t: VoucherEnv;
let key: InstallKey;
let other: InstallKey;
let otherId: number;
beforeEach(async () => {
  ({ t, key } = await bureauWithInstall());
  other = installKey();
  await secondInstitution(t);
  await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-002', other) });
  otherId = Number(await t.db.value("SELECT id FROM institution WHERE code = 'LL-PX-002'"));
});
afterEach(() => t.close());

/** An operator of the second institution (LL-PX-002). */
async function otherOperator(): Promise<string> {
  await t.must(t.adminToken, 'user:create', {
    username: 'op-b',
    displayName: '第二学校操作员',
    role: 'institutionOperator',
    institutionId: otherId,
    password: PASSWORD,
  });
  await passwordChosen(t.db, 'op-b');
  return (await t.must(null, 'auth:login', { username: 'op-b', password: PASSWORD })).token;
}

async function contested() {
  await t.must(t.reviewer, 'anomaly:scan', {});
  const { items } = await t.must(t.reviewer, 'anomaly:list', { kind: 'contested_redemption', pageSize: 50 });
  return [...items].sort((a, b) => (a.institutionId ?? 0) - (b.institutionId ?? 0));
}

describe('a voucher two institutions claim to have redeemed (一券两家申报)', () => {
  it('is flagged for both when another institution was first with its QR, offline', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const genuine = redemptionRecord(v, '2026-11-30T02:00:00.000Z');
    await t.later(2);
    // The other institution claims it first, under a number of its own.
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [redemptionRecord(v, '2026-11-30T01:00:00.000Z')], 'LL-PX-002'),
    });
    await t.later(1);
    const r = await t.must(t.reviewer, 'claims:import', { text: claimPackage(key, [genuine]) });
    expect(r.records[0]).toMatchObject({ outcome: 'conflict', reason: expect.stringMatching(/先行核销/) });

    const flags = await contested();
    expect(flags.map((f) => [f.institutionId, f.serial, f.workerId])).toEqual([
      [t.institutionId, v.serial, v.workerId],
      [otherId, v.serial, v.workerId],
    ]);
    expect(flags[0]!.reason).toBe(
      `券 ${v.serial} 已由 龙陵县第二培训学校 于 2026-11-30 离线核销（申报包导入）；` +
        `龙陵县职业技能培训学校 2026-12-02 导入的申报包也申报了此券的核销（申报的核销日期 2026-11-30，未被接受）。` +
        '一张券只能核销一次：请核实持券人在哪家机构参加培训，再拨付补贴',
    );
    expect(flags[1]!.reason).toBe(flags[0]!.reason);
    // The holder's archive shows it (the anomaly carries the worker).
    const forWorker = await t.must(t.reviewer, 'anomaly:list', { workerId: v.workerId });
    expect(forWorker.items.map((a) => a.kind)).toContain('contested_redemption');
  });

  it('is flagged when an offline claim comes after an online redemption by another', async () => {
    const idNumber = makeId('530523', '19900101', 77);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    const operator = await t.loginAs('institutionOperator', 'op1'); // LL-PX-001
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({ ok: true });
    await t.later(1);
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [redemptionRecord(v, '2026-11-29T03:00:00.000Z')], 'LL-PX-002'),
    });
    const flags = await contested();
    expect(flags).toHaveLength(2);
    expect(flags[0]!.reason).toMatch(
      /^券 \S+ 已由 龙陵县职业技能培训学校 于 2026-11-29 在线核销；龙陵县第二培训学校 2026-11-30 导入的申报包也申报了此券的核销（申报的核销日期 2026-11-29，未被接受）。/,
    );
  });

  it('is flagged when an online 核销 is refused because another institution’s offline claim came first', async () => {
    const idNumber = makeId('530523', '19900101', 78);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [redemptionRecord(v, '2026-11-29T03:00:00.000Z')], 'LL-PX-002'),
    });
    await t.later(1);
    const operator = await t.loginAs('institutionOperator', 'op1'); // LL-PX-001, with the holder at its counter
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({
      ok: false,
      reason: 'already_used',
    });
    const flags = await contested();
    expect(flags.map((f) => f.institutionId)).toEqual([t.institutionId, otherId]);
    expect(flags[0]!.reason).toBe(
      `券 ${v.serial} 已由 龙陵县第二培训学校 于 2026-11-29 离线核销（申报包导入）；` +
        '龙陵县职业技能培训学校 2026-11-30 也在线核销此券（被拒：已被核销）。' +
        '一张券只能核销一次：请核实持券人在哪家机构参加培训，再拨付补贴',
    );
  });

  it('is not a serial sent with a QR that is not the voucher’s, before or after it was redeemed', async () => {
    const idNumber = makeId('530523', '19900101', 79);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    const forged = () => ({ ...redemptionRecord(v, '2026-11-29T02:00:00.000Z'), qrText: 'LLV1:made-up' });
    await t.must(t.reviewer, 'claims:import', { text: claimPackage(other, [forged()], 'LL-PX-002') });
    const operator = await t.loginAs('institutionOperator', 'op1');
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({ ok: true });
    const after = await t.must(t.reviewer, 'claims:import', { text: claimPackage(other, [forged()], 'LL-PX-002') });
    expect(after.records[0]).toMatchObject({ outcome: 'conflict', reason: '二维码内容与发券记录不符' });
    expect(await contested()).toEqual([]);
  });

  it('is not an institution sending its own redemption twice, or a claim refused for another reason', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(v, '2026-11-29T02:00:00.000Z')]),
    });
    // The same voucher again from the same institution, under another number (a second install).
    const again = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(v, '2026-11-29T04:00:00.000Z')]),
    });
    expect(again.records[0]!.outcome).toBe('conflict');
    // Another institution's claim of a voucher no one redeemed, refused for its QR.
    const w = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const forged = { ...redemptionRecord(w, '2026-11-29T02:00:00.000Z'), qrText: `${w.qrText}x`, uid: randomUUID() };
    const refused = await t.must(t.reviewer, 'claims:import', { text: claimPackage(other, [forged], 'LL-PX-002') });
    expect(refused.records[0]).toMatchObject({ outcome: 'conflict', reason: '二维码内容与发券记录不符' });
    expect(await contested()).toEqual([]);
  });

  // An insider's review: holding a copy of the QR (or a package) was enough to reach the refusals the
  // rule counts. Each attempt below was counted before the fix.
  it('is not a claim that could not have stood anyway: directed elsewhere, or without the holder', async () => {
    const idNumber = makeId('530523', '19900101', 80);
    const directed = await t.must(t.clerk, 'voucher:issue', {
      workerId: await t.newWorker({ idNumber }),
      ...t.terms({ institutionId: t.institutionId }),
    });
    const operator = await t.loginAs('institutionOperator', 'op1'); // LL-PX-001
    expect(await t.must(operator, 'redeem:confirm', { text: directed.qrText, idNumber })).toMatchObject({ ok: true });
    const plain = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(plain, '2026-11-29T02:00:00.000Z')]),
    });
    await t.later(1);
    const noHolder = { ...redemptionRecord(plain, '2026-11-29T03:00:00.000Z'), holderConfirmed: false };
    const r = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(other, [redemptionRecord(directed, '2026-11-29T03:00:00.000Z'), noHolder], 'LL-PX-002'),
    });
    expect(r.records.map((x) => [x.outcome, x.reason])).toEqual([
      ['conflict', '定向券，指定在其他培训机构使用'],
      ['conflict', '核销时未核对持券人身份'],
    ]);
    expect(await contested()).toEqual([]);
  });

  it('counts an online attempt only with the holder’s own ID number, by the institution’s own operator', async () => {
    const idNumber = makeId('530523', '19900101', 81);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    const operator = await t.loginAs('institutionOperator', 'op1'); // LL-PX-001
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({ ok: true });
    await t.later(1);
    const rival = await otherOperator();
    // A copy of the QR and someone else's (valid) ID number: told the same, and not counted.
    const wrong = makeId('530523', '19910101', 82);
    const told = await t.must(rival, 'redeem:confirm', { text: v.qrText, idNumber: wrong });
    expect(told).toMatchObject({ ok: false, reason: 'already_used' });
    // An administrator at the bureau's window, for the second institution, with the holder there.
    const onBehalf = await t.must(t.adminToken, 'redeem:confirm', {
      text: v.qrText,
      idNumber,
      institutionCode: 'LL-PX-002',
    });
    expect(onBehalf).toMatchObject({ ok: false, reason: 'already_used', message: told.message });
    expect(await contested()).toEqual([]);
    // The second institution's own operator with the holder at its counter: that is the case.
    expect(await t.must(rival, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({
      ok: false,
      reason: 'already_used',
      message: told.message,
    });
    expect((await contested()).map((f) => f.institutionId)).toEqual([t.institutionId, otherId]);
    // The account moved to another institution afterwards (a transfer, or an admin covering for it):
    // the attempt stays as it was made (it read the account as it is now, and lost both flags).
    await t.db.run("UPDATE app_user SET institution_id = ? WHERE username = 'op-b'", t.institutionId);
    expect((await contested()).map((f) => f.institutionId)).toEqual([t.institutionId, otherId]);
  });
});
