// Ways round 迟报 (late_claim) and a record that stopped the anomaly scan (a red-team's findings).
// - A package's id is the institution's word, and the bureau measured lateness from the first
//   import under an id: an empty package "reserved" an id, and records sent months later under it
//   counted as received then. Another file under a known id is now refused whole. (Another
//   institution's id no longer matters: ids are kept per institution, tests/security/claimNumberSquatting.)
// - A session sent open and signed out months later added hours unseen: sign-outs are flagged too.
// - A class dated in the year 0000 let a makeup of that day in, and on PostgreSQL the rule's date
//   cast then failed the whole scan (every rule). Class dates are checked as the install's form
//   checks them, and the rule no longer casts dates a package brought.
// - A completion dated in the future (2099) was accepted and could never be late: refused now, at the
//   bureau and at the install.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_FORMAT } from '../../electron/services/exchange/claims.export';
import { signFile } from '../../electron/services/exchange/signedFile';
import type { VoucherEnv } from '../fixtures/vouchers';
import { attendanceRecord, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { bureauWithInstall, type InstallKey } from '../fixtures/registration';
import { trainVoucher } from '../fixtures/training';

let t: VoucherEnv;
let key: InstallKey;
beforeEach(async () => {
  ({ t, key } = await bureauWithInstall());
});
afterEach(() => t.close());

/** A package under an id of the sender's choosing (it is inside the signed payload). */
const pkg = (packageId: string, records: unknown[], k = key, code = 'LL-PX-001') =>
  signFile(CLAIM_FORMAT, { packageId, institutionCode: code, records }, { kid: k.kid, key: k.privateKey });
const session = attendanceRecord;
const member = (classUid: string, serial: string) => ({ kind: 'member', uid: randomUUID(), classUid, serial });

async function lateFlags() {
  await t.must(t.reviewer, 'anomaly:scan', {});
  return (await t.must(t.reviewer, 'anomaly:list', { kind: 'late_claim' })).items;
}

describe('迟报 cannot be avoided', () => {
  it('by sending records under the id of a package imported long before', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const reserved = pkg('P-reserved', []);
    await t.must(t.reviewer, 'claims:import', { text: reserved });
    await t.later(60);
    const c = randomUUID();
    const records = [redemptionRecord(v, '2026-11-30T02:00:00.000Z'), classRecord(c), member(c, v.serial)];
    const r = await t.call(t.reviewer, 'claims:import', { text: pkg('P-reserved', records) });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: expect.stringContaining('申报包编号 P-reserved 已于 2026-11-29 导入过') },
    });
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', v.id)).toBe('issued');
    // The same file again is only duplicates, as before.
    expect(await t.must(t.reviewer, 'claims:import', { text: reserved })).toMatchObject({ applied: 0 });
    // Under a new id the records go in, and are flagged.
    await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), records) });
    expect((await lateFlags()).map((f) => f.serial)).toEqual([v.serial]);
  });

  it('by sending a session open in time and its sign-out months later', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    const s = session(c, v.serial, '2026-12-01', null);
    await t.later(3);
    await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [
        redemptionRecord(v, '2026-11-30T02:00:00.000Z'),
        classRecord(c),
        member(c, v.serial),
        s,
      ]),
    });
    expect(await lateFlags()).toEqual([]);
    await t.later(90);
    const signOut = { kind: 'signOut', attendanceUid: s.uid, signOut: '2026-12-01T13:00:00.000Z', minutes: 720 };
    // An install numbers it after its session; another number is not an install's record.
    const odd = await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [{ ...signOut, uid: randomUUID() }]),
    });
    expect(odd.records.map((x) => [x.outcome, x.reason])).toEqual([['conflict', '签退记录的编号与其考勤记录不符']]);
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [{ ...signOut, uid: `${s.uid}:out` }]),
    });
    expect(r.records.map((x) => x.outcome)).toEqual(['applied']);
    expect((await lateFlags()).map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线补报签退 1 次距申报包导入（2027-03-02）超过 31 天，最早为 2026-12-01`,
    ]);
  });

  it('by dating a completion in the future, offline or online', async () => {
    await t.must(t.adminToken, 'settings:update', { minAttendancePct: 0 });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    await t.later(3);
    await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [
        redemptionRecord(v, '2026-11-30T02:00:00.000Z'),
        classRecord(c),
        member(c, v.serial),
        session(c, v.serial, '2026-12-01'),
      ]),
    });
    await t.later(60);
    const completion = (assessedOn: string) => ({
      kind: 'completion',
      uid: randomUUID(),
      serial: v.serial,
      result: 'passed',
      assessedOn,
      attendancePct: 100,
    });
    // 2099-12-31 is a day the shape allows; it would never be more than a month before any import.
    const future = await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), [completion('2099-12-31')]) });
    expect(future.records.map((x) => [x.outcome, x.reason])).toEqual([
      ['conflict', '结业考核日期（2099-12-31）晚于今天，请核对机构电脑的日期'],
    ]);
    const real = await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), [completion('2026-12-05')]) });
    expect(real.records.map((x) => x.outcome)).toEqual(['applied']);
    expect((await lateFlags()).map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线结业（考核于 2026-12-05）距申报包导入（2027-01-31）超过 31 天，最早为 2026-12-05`,
    ]);

    // Online, an operator's install refuses the same (the bureau would refuse what it sends).
    const op = await t.loginAs('institutionOperator', 'op1');
    const w = await trainVoucher(t, op, { complete: false });
    const r = await t.call(op, 'completion:record', { serial: w.serial, result: 'passed', assessedOn: '2099-12-31' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '考核日期不能晚于今天' } });
  });
});

describe('a class dated in the year 0000', () => {
  it('is refused, its makeup with it, and the anomaly scan goes on', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [
        redemptionRecord(v, '2026-11-29T03:00:00.000Z'),
        { ...classRecord(c), startDate: '0000-01-01' },
        member(c, v.serial),
        {
          kind: 'attendanceAdjustment',
          uid: randomUUID(),
          type: 'makeup',
          attendanceUid: randomUUID(),
          classUid: c,
          serial: v.serial,
          sessionDate: '0000-01-01',
          before: null,
          after: {
            signIn: '0000-01-01T01:00:00.000Z',
            signOut: '0000-01-01T09:00:00.000Z',
            minutes: 480,
            voided: false,
          },
          reason: '纸质签到表补记',
          recordedAt: '2026-11-29T03:00:00.000Z',
          recordedBy: 'op',
        },
      ]),
    });
    expect(r.records.map((x) => [x.kind, x.outcome])).toEqual([
      ['redemption', 'applied'],
      ['class', 'conflict'],
      ['member', 'conflict'],
      ['attendanceAdjustment', 'conflict'],
    ]);
    expect(r.records[1]!.reason).toBe('开班日期“0000-01-01”无效');
    expect((await t.call(t.reviewer, 'anomaly:scan', {})).ok).toBe(true);
  });

  it('stored before the check (a 30 February) does not stop the scan on either engine', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    await t.later(3);
    await t.must(t.reviewer, 'claims:import', {
      text: pkg('P-old', [redemptionRecord(v, '2026-11-30T02:00:00.000Z'), classRecord(c), member(c, v.serial)]),
    });
    // A session as a package could leave it before days were checked (written here as the import
    // wrote records then: the session and its claim record).
    const uid = randomUUID();
    // The bureau keeps an institution's numbers under its id (claims.ids).
    const ours = (n: string) => `${t.institutionId}:${n}`;
    await t.db.run(
      "INSERT INTO attendance (uid, class_uid, serial, session_date, sign_in) VALUES (?, ?, ?, '2026-02-30', '2026-03-02T01:00:00.000Z')",
      ours(uid),
      ours(c),
      v.serial,
    );
    await t.db.run(
      "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome) VALUES (?, ?, 'attendance', ?, 'applied')",
      ours(uid),
      ours('P-old'),
      v.serial,
    );
    const flags = await lateFlags();
    expect(flags.map((f) => f.reason)).toEqual([
      `券 ${v.serial} 的离线考勤 1 次距申报包导入（2026-12-02）超过 31 天，最早为 2026-02-30`,
    ]);
  });
});
