// The bureau keeps each institution's package and record numbers under the institution's id
// (claims.ids); numbers a bureau imported before that are bare, and an install keeps sending them
// (each package holds its whole history). They must still be found: the same records again are
// duplicates, and a sign-out, a member or a correction of what came bare applies to it.
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

describe('claim numbers at the bureau', () => {
  it('are kept under the institution’s id', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    const r = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(v, '2026-11-30T02:00:00.000Z'), classRecord(c)]),
    });
    expect(r.records.map((x) => x.outcome)).toEqual(['applied', 'applied']);
    expect(
      await t.db.value('SELECT institution_code FROM training_class WHERE uid = ?', `${t.institutionId}:${c}`),
    ).toBe('LL-PX-001');
    expect(await t.db.value('SELECT count(*) FROM claim_record WHERE record_uid LIKE ?', `${t.institutionId}:%`)).toBe(
      2,
    );
  });

  it('imported bare before are still found: duplicates stay duplicates, what refers to them applies', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const redemption = redemptionRecord(v, '2026-11-30T02:00:00.000Z');
    await t.later(3);
    // A bureau from before: the redemption, a class, its member and an open session, kept bare.
    await t.must(t.reviewer, 'claims:import', { text: claimPackage(key, [redemption]) });
    const c = randomUUID();
    const s = attendanceRecord(c, v.serial, '2026-12-01', null);
    const legacy = [
      ['class', c],
      ['member', `${c}:${v.serial}`],
      ['attendance', s.uid],
    ];
    await t.db.run(
      "INSERT INTO claim_package (package_id, institution_id, imported_at, applied, conflicts) VALUES ('P-old', ?, '2026-12-01T03:00:00.000Z', 3, 0)",
      t.institutionId,
    );
    await t.db.run(
      "INSERT INTO training_class (uid, institution_code, name, occupation_code, level, start_date, end_date, planned_hours, created_at) VALUES (?, 'LL-PX-001', '电工初级班', '4-10-01-05', 'L5', '2026-11-29', '2026-12-31', 40, '2026-12-01T03:00:00.000Z')",
      c,
    );
    await t.db.run('INSERT INTO class_member (class_uid, serial) VALUES (?, ?)', c, v.serial);
    await t.db.run(
      "INSERT INTO attendance (uid, class_uid, serial, session_date, sign_in) VALUES (?, ?, ?, '2026-12-01', ?)",
      s.uid,
      c,
      v.serial,
      s.signIn,
    );
    for (const [kind, uid] of legacy)
      await t.db.run(
        "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome) VALUES (?, 'P-old', ?, ?, 'applied')",
        uid,
        kind,
        kind === 'class' ? null : v.serial,
      );

    // The install's next package: its whole history again, and the session's sign-out.
    const signOut = {
      kind: 'signOut',
      uid: `${s.uid}:out`,
      attendanceUid: s.uid,
      signOut: '2026-12-01T09:00:00.000Z',
      minutes: 480,
    };
    const member = { kind: 'member', uid: `${c}:${v.serial}`, classUid: c, serial: v.serial };
    const r = await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemption, classRecord(c), member, s, signOut]),
    });
    expect(r.records.map((x) => [x.kind, x.outcome])).toEqual([
      ['redemption', 'duplicate'],
      ['class', 'duplicate'],
      ['member', 'duplicate'],
      ['attendance', 'duplicate'],
      ['signOut', 'applied'],
    ]);
    expect(await t.db.value('SELECT minutes FROM attendance WHERE uid = ?', s.uid)).toBe(480);
    // Numbered after its bare session, as the anomaly list finds sign-outs (迟报).
    expect(await t.db.value('SELECT kind FROM claim_record WHERE record_uid = ?', `${s.uid}:out`)).toBe('signOut');

    // A correction of the bare session applies to it.
    await t.later(1);
    const correction = {
      kind: 'attendanceAdjustment',
      uid: randomUUID(),
      type: 'correction',
      attendanceUid: s.uid,
      classUid: c,
      serial: v.serial,
      sessionDate: '2026-12-01',
      before: { signIn: s.signIn, signOut: '2026-12-01T09:00:00.000Z', minutes: 480, voided: false },
      after: { signIn: s.signIn, signOut: '2026-12-01T08:00:00.000Z', minutes: 420, voided: false },
      reason: '签退时间记错，按签到表更正',
      recordedAt: '2026-12-03T02:00:00.000Z',
      recordedBy: '王丽',
    };
    const again = await t.must(t.reviewer, 'claims:import', { text: claimPackage(key, [correction]) });
    expect(again.records.map((x) => [x.outcome, x.reason])).toEqual([['applied', null]]);
    expect(await t.db.value('SELECT minutes FROM attendance WHERE uid = ?', s.uid)).toBe(420);
  });

  it('of a class and its sessions are the institution’s to open online too', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const c = randomUUID();
    const s = attendanceRecord(c, v.serial, '2026-12-01');
    const member = { kind: 'member', uid: `${c}:${v.serial}`, classUid: c, serial: v.serial };
    await t.later(3);
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [redemptionRecord(v, '2026-11-30T02:00:00.000Z'), classRecord(c), member, s]),
    });
    const op = await t.loginAs('institutionOperator');
    const [mine] = await t.must(op, 'class:list', {});
    expect(mine!.uid).toBe(`${t.institutionId}:${c}`);
    expect((await t.must(op, 'class:get', { uid: mine!.uid })).name).toBe('电工初级班');
    const sessions = await t.must(op, 'attendance:sessions', { classUid: mine!.uid, serial: v.serial });
    expect(sessions.map((x) => x.uid)).toEqual([`${t.institutionId}:${s.uid}`]);
    // Not any text: a number is a UUID, under an institution's id or not.
    const odd = await t.call(op, 'class:get', { uid: `x:${c}` });
    expect(odd).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('班级编号不正确') },
    });
  });
});
