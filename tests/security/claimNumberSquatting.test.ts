// An institution that gets hold of another's claim package before the bureau imports it (a shared
// USB drive, a township office passing files on) must not be able to spoil it. Packages and their
// records are numbered by the installs, and the bureau kept one set of numbers for all: imported
// first under the squatter's own key, the victim's record numbers made its redemptions, classes and
// sessions "seen before" (duplicates, for good: the install sends the same numbers again), and its
// package number refused the victim's file whole. Numbers are kept per institution now.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_FORMAT } from '../../electron/services/exchange/claims.export';
import { signFile } from '../../electron/services/exchange/signedFile';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { attendanceRecord, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { installKey, registrationFile, secondInstitution, type InstallKey } from '../fixtures/registration';

let t: VoucherEnv;
let victim: InstallKey;
let squatter: InstallKey;
beforeEach(async () => {
  t = await makeVoucherEnv();
  victim = installKey();
  squatter = installKey();
  await secondInstitution(t);
  await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', victim) });
  await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-002', squatter) });
});
afterEach(() => t.close());

let squatterId: number;
let victimName: string;
beforeEach(async () => {
  squatterId = Number(await t.db.value("SELECT id FROM institution WHERE code = 'LL-PX-002'"));
  victimName = String(await t.db.value('SELECT name FROM institution WHERE id = ?', t.institutionId));
});

/** The 同号申报 flags after a scan, oldest package first. */
async function copiedFlags() {
  await t.must(t.reviewer, 'anomaly:scan', {});
  const { items } = await t.must(t.reviewer, 'anomaly:list', { kind: 'copied_claim', pageSize: 50 });
  const first = (a: { reason: string }) => Number(a.reason.includes('本包先导入'));
  return [...items].sort((a, b) => first(b) - first(a));
}

const pkg = (packageId: string, records: unknown[], k: InstallKey, code: string) =>
  signFile(CLAIM_FORMAT, { packageId, institutionCode: code, records }, { kid: k.kid, key: k.privateKey });
const member = (classUid: string, serial: string) => ({
  kind: 'member',
  uid: `${classUid}:${serial}`,
  classUid,
  serial,
});

/** The victim's package: a redemption, its class, the trainee in it and a session with its sign-out. */
async function victimPackage() {
  const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
  const c = randomUUID();
  const s = attendanceRecord(c, v.serial, '2026-12-01');
  const records = [
    redemptionRecord(v, '2026-11-30T02:00:00.000Z'),
    classRecord(c),
    member(c, v.serial),
    s,
    { kind: 'signOut', uid: `${s.uid}:out`, attendanceUid: s.uid, signOut: s.signOut, minutes: 480 },
  ];
  await t.later(3);
  return { v, c, s, records, id: randomUUID() };
}

describe('another institution holding a claim package before the bureau imports it', () => {
  it('cannot spoil its records by importing its own under their numbers first', async () => {
    // The squatter's own voucher makes its records hold; the numbers are the victim's.
    const own = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const p = await victimPackage();
    const squat = p.records.map((r) =>
      r.kind === 'redemption'
        ? { ...redemptionRecord(own, '2026-11-30T03:00:00.000Z'), uid: r.uid }
        : { ...r, serial: own.serial },
    );
    const first = await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), squat, squatter, 'LL-PX-002') });
    expect(first).toMatchObject({ applied: 5, conflicts: 0 });
    await t.later(1);

    const r = await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    expect(r.records.map((x) => [x.kind, x.outcome])).toEqual([
      ['redemption', 'applied'],
      ['class', 'applied'],
      ['member', 'applied'],
      ['attendance', 'applied'],
      ['signOut', 'applied'],
    ]);
    // The institution's own numbers are what it is told back.
    expect(r.records.map((x) => x.uid)).toEqual(p.records.map((x) => x.uid));
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', p.v.id)).toBe('redeemed');
    const classes = await t.db.all<{ code: string; n: number }>(
      `SELECT c.institution_code AS code, count(*) AS n FROM training_class c JOIN attendance a ON a.class_uid = c.uid
       WHERE a.serial IN (?, ?) GROUP BY c.institution_code ORDER BY c.institution_code`,
      p.v.serial,
      own.serial,
    );
    expect(classes.map((x) => [x.code, Number(x.n)])).toEqual([
      ['LL-PX-001', 1],
      ['LL-PX-002', 1],
    ]);
    // The victim's session counts its hours.
    expect(await t.db.value('SELECT minutes FROM attendance WHERE serial = ?', p.v.serial)).toBe(480);

    // The same file again is only duplicates, as before.
    const again = await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    expect(again).toMatchObject({ applied: 0, conflicts: 0, duplicates: 5 });

    // The copy is evidence, for both institutions' lists (同号申报): five numbers the victim's install drew.
    const flags = await copiedFlags();
    expect(flags.map((f) => [f.institutionId, f.serial])).toEqual([
      [squatterId, own.serial],
      [t.institutionId, p.v.serial],
    ]);
    expect(flags[0]!.reason).toBe(
      `龙陵县第二培训学校 2026-12-02 导入的申报包与 ${victimName} 2026-12-03 导入的申报包有相同的 5 条记录的编号` +
        `（本包先导入；涉及券 ${own.serial}）。各机构安装自行随机编号，编号相同说明一方持有另一方的申报文件，请核实这些记录由哪家机构培训`,
    );
    expect(flags[1]!.reason).toContain('（对方的包先导入；');
    const forSquatter = await t.must(t.reviewer, 'anomaly:list', { kind: 'copied_claim', institutionId: squatterId });
    expect(forSquatter.total).toBe(1);
  });

  it('cannot have its file refused by importing an empty package under its number first', async () => {
    const p = await victimPackage();
    await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, [], squatter, 'LL-PX-002') });
    await t.later(1);
    const r = await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    expect(r).toMatchObject({ packageId: p.id, applied: 5, conflicts: 0 });
    const flags = await copiedFlags();
    expect(flags.map((f) => [f.institutionId, f.serial])).toEqual([
      [squatterId, null],
      [t.institutionId, null],
    ]);
    expect(flags[1]!.reason).toContain('导入的申报包有相同的申报包编号（对方的包先导入）');
  });

  it('cannot make the victim’s records late by taking their package number months before (迟报)', async () => {
    await t.must(t.reviewer, 'claims:import', { text: pkg('P-shared', [], squatter, 'LL-PX-002') });
    await t.later(60);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const at = t.clock.now().toISOString();
    const r = await t.must(t.reviewer, 'claims:import', {
      text: pkg('P-shared', [redemptionRecord(v, at)], victim, 'LL-PX-001'),
    });
    expect(r.applied).toBe(1);
    await t.must(t.reviewer, 'anomaly:scan', {});
    expect((await t.must(t.reviewer, 'anomaly:list', { kind: 'late_claim' })).items).toEqual([]);
  });

  it('cannot capture its numbers with rows planted before, bare in the shape of the victim’s', async () => {
    // Before numbers were kept per institution, the squatter could import its own records under
    // numbers shaped as the victim's would be now (`<victim id>:<number>`); planted here as it could.
    const p = await victimPackage();
    const planted = `${t.institutionId}:${p.id}`;
    await t.db.run(
      "INSERT INTO claim_package (package_id, institution_id, imported_at, applied, conflicts) VALUES (?, ?, '2026-11-30T03:00:00.000Z', 0, 1)",
      planted,
      squatterId,
    );
    await t.db.run(
      "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason) VALUES (?, ?, 'redemption', NULL, 'conflict', '券号不在本系统记录中')",
      `${t.institutionId}:${p.records[0]!.uid}`,
      planted,
    );
    const r = await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    expect(r).toMatchObject({ applied: 5, conflicts: 0, duplicates: 0 });
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', p.v.id)).toBe('redeemed');
    const again = await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    expect(again).toMatchObject({ applied: 0, duplicates: 5 });
    // Pushed a level on, the victim's numbers still meet the planted ones.
    expect((await copiedFlags()).map((f) => f.reason.match(/相同的(.*?)（/)![1])).toEqual([
      '申报包编号和 1 条记录的编号',
      '申报包编号和 1 条记录的编号',
    ]);
  });
});

const issue = async () => t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });

describe('同号申报 (copied_claim)', () => {
  it('is flagged on every voucher concerned, each on its holder’s archive (not only the first)', async () => {
    // A red-team's finding: the flag named one voucher, so only the batch holding it showed the copy.
    const mine = [await issue(), await issue()];
    const theirs = [await issue(), await issue()];
    const records = mine.map((v) => redemptionRecord(v, '2026-11-29T02:00:00.000Z'));
    await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), records, victim, 'LL-PX-001') });
    await t.later(1);
    const copy = theirs.map((v, i) => ({ ...redemptionRecord(v, '2026-11-29T03:00:00.000Z'), uid: records[i]!.uid }));
    expect(
      await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), copy, squatter, 'LL-PX-002') }),
    ).toMatchObject({ applied: 2 });
    const flags = await copiedFlags();
    const seen = (vs: typeof mine) => vs.map((v) => [v.serial, v.workerId]).sort();
    const of = (id: number) =>
      flags
        .filter((f) => f.institutionId === id)
        .map((f) => [f.serial, f.workerId])
        .sort();
    expect(of(t.institutionId)).toEqual(seen(mine));
    expect(of(squatterId)).toEqual(seen(theirs));
    expect(new Set(flags.map((f) => f.reason.match(/涉及券 (.*)）/)![1])).size).toBe(2); // each side names its own
    for (const v of [...mine, ...theirs]) {
      const byVoucher = await t.must(t.reviewer, 'anomaly:list', { serial: v.serial, kind: 'copied_claim' });
      expect(byVoucher.total).toBe(1);
      const byHolder = await t.must(t.reviewer, 'anomaly:list', { workerId: v.workerId, kind: 'copied_claim' });
      expect(byHolder.total).toBe(1);
    }
  });

  it('names no voucher from a refused record, nor the victim’s when every copy was refused', async () => {
    // Red-team findings: records reusing the victim's numbers, each naming a voucher the squatter
    // has nothing to do with and refused for its made-up QR, flagged those vouchers, their batches
    // and their holders' archives under the squatter's name; and every voucher of the victim's
    // package too, on its batches, though the copies had claimed nothing of the victim's.
    const mine = [await issue(), await issue(), await issue()];
    const records = mine.map((v) => redemptionRecord(v, '2026-11-29T02:00:00.000Z'));
    await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), records, victim, 'LL-PX-001') });
    await t.later(1);
    const bystander = await issue();
    const forged = records.map((x) => ({
      ...redemptionRecord(bystander, '2026-11-29T03:00:00.000Z'),
      uid: x.uid,
      qrText: 'LLV1:x',
    }));
    const r = await t.must(t.reviewer, 'claims:import', { text: pkg(randomUUID(), forged, squatter, 'LL-PX-002') });
    expect(r.records.map((x) => x.outcome)).toEqual(['conflict', 'conflict', 'conflict']);
    const flags = await copiedFlags();
    // The copy is still evidence, on both lists, naming no voucher: neither the bystander's nor the
    // victim's holders see it, nor the victim's batches.
    expect(flags.map((f) => [f.institutionId, f.serial, f.workerId])).toEqual([
      [t.institutionId, null, null],
      [squatterId, null, null],
    ]);
    expect(flags[0]!.reason).toContain('有相同的 3 条记录的编号（本包先导入）');
    for (const v of [bystander, ...mine]) {
      const byHolder = await t.must(t.reviewer, 'anomaly:list', { workerId: v.workerId });
      expect(byHolder.total).toBe(0);
    }
  });

  it('keeps two pairs apart whatever separator their package numbers hold', async () => {
    // Subjects were `copied/<package>/<package>`, and a package number may hold a slash: the victim's
    // `p` against the squatter's `r/<id>:s` read the same as its `p/<id>:r` against `s`, and one of
    // the two flags was dropped. Both of the victim's packages name the same voucher (sent twice).
    const sq = squatterId;
    const v = await issue();
    const theirs = [await issue(), await issue()];
    const first = redemptionRecord(v, '2026-11-29T02:00:00.000Z');
    const again = redemptionRecord(v, '2026-11-29T04:00:00.000Z');
    await t.must(t.reviewer, 'claims:import', { text: pkg('p', [first], victim, 'LL-PX-001') });
    await t.must(t.reviewer, 'claims:import', { text: pkg(`p/${sq}:r`, [again], victim, 'LL-PX-001') });
    await t.later(1);
    const copy = (i: number, uid: string) => ({ ...redemptionRecord(theirs[i]!, '2026-11-29T05:00:00.000Z'), uid });
    await t.must(t.reviewer, 'claims:import', { text: pkg(`r/${sq}:s`, [copy(0, first.uid)], squatter, 'LL-PX-002') });
    await t.must(t.reviewer, 'claims:import', { text: pkg('s', [copy(1, again.uid)], squatter, 'LL-PX-002') });
    const flags = await copiedFlags();
    expect(flags.filter((f) => f.institutionId === t.institutionId)).toHaveLength(2);
    expect(flags.filter((f) => f.institutionId === sq)).toHaveLength(2);
  });

  it('is not what institutions drawing their own numbers, or sending a package again, look like', async () => {
    const p = await victimPackage();
    await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    await t.must(t.reviewer, 'claims:import', { text: pkg(p.id, p.records, victim, 'LL-PX-001') });
    const q = await victimPackage();
    const own = q.records.map((r) => (r.kind === 'redemption' ? r : { ...r, serial: q.v.serial }));
    await t.must(t.reviewer, 'claims:import', { text: pkg(q.id, own, squatter, 'LL-PX-002') });
    // A number the victim's bureau kept bare before numbers were kept apart, sent again by it.
    await t.db.run(
      "INSERT INTO claim_package (package_id, institution_id, imported_at, applied, conflicts) VALUES ('old-1', ?, '2026-11-01T03:00:00.000Z', 0, 0)",
      t.institutionId,
    );
    await t.must(t.reviewer, 'claims:import', { text: pkg('old-1', [], victim, 'LL-PX-001') });
    expect(await copiedFlags()).toEqual([]);
  });
});

describe('a package’s numbers', () => {
  it('are bounded: refused whole, in Chinese, when longer than an install writes them', async () => {
    const p = await victimPackage();
    const huge = [p.records[0], { ...classRecord(randomUUID()), uid: 'c'.repeat(5000) }];
    const r = await t.call(t.reviewer, 'claims:import', { text: pkg(randomUUID(), huge, victim, 'LL-PX-001') });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '申报包内容已损坏' } });
    const failure = (uid: string) => ({
      kind: 'holderFailure',
      uid,
      serial: p.v.serial,
      at: '2026-12-01T02:00:00.000Z',
    });
    const long = await t.call(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [failure('f'.repeat(54))], victim, 'LL-PX-001'),
    });
    expect(long).toMatchObject({ ok: false, error: { message: '申报包内容已损坏' } });
    // The longest a short number may be still fits its column under the institution's id.
    const fits = await t.must(t.reviewer, 'claims:import', {
      text: pkg(randomUUID(), [failure('f'.repeat(53))], victim, 'LL-PX-001'),
    });
    expect(fits.records.map((x) => x.outcome)).toEqual(['applied']);
  });
});
