import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import type { Env } from '../../electron/core/context';
import { signToText } from '../../electron/services/qr/cose';
import { encodeVoucherClaims, holderHash, newSalt, VOUCHER_PREFIX } from '../../electron/services/qr/voucherClaims';
import { makeSerial } from '../../shared/domain/serial';
import { runCli } from '../fixtures/cli';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { testDb } from '../fixtures/testDb';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { passwordChosen } from '../fixtures/passwordChosen';

/** The bureau's database and an institution's offline install, side by side. */
let bureau: VoucherEnv;
let inst: Env;
let instAdmin: string;
let instOp: string;
const INST_PASSPHRASE = 'institution passphrase';
const issued: Record<string, { qr: string; id: number; idNumber: string }> = {};

async function instCall<T>(token: string, channel: string, input: unknown): Promise<T> {
  const r = await dispatch(inst, token, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  bureau = await makeVoucherEnv();
  for (const [name, seq] of [
    ['A', 701],
    ['B', 702],
    ['C', 703],
  ] as const) {
    const idNumber = makeId('530523', '19900101', seq);
    const workerId = await bureau.newWorker({ idNumber });
    const v = await bureau.must(bureau.clerk, 'voucher:issue', { workerId, ...bureau.terms() });
    issued[name] = { qr: v.qrText, id: v.id, idNumber };
  }
  const bundle = await bureau.must(bureau.adminToken, 'trust:export', {});
  inst = await createEnv(join(bureau.dir, 'institution.db'), { clock: bureau.clock });
  const setup = await dispatch(inst, null, 'auth:setupAdmin', {
    username: 'admin',
    displayName: '机构管理员',
    password: PASSWORD,
  });
  instAdmin = (setup as { ok: true; value: { token: string } }).value.token;
  await instCall(instAdmin, 'institution:setup', {
    bundleText: JSON.stringify(bundle),
    institutionCode: 'LL-PX-001',
    passphrase: INST_PASSPHRASE,
  });
  await instCall(instAdmin, 'user:create', {
    username: 'op',
    displayName: '机构操作员',
    role: 'institutionOperator',
    institutionId: bureau.institutionId,
    password: PASSWORD,
  });
  await passwordChosen(testDb(inst.db), 'op');
  instOp = (await instCall<{ token: string }>(null as never, 'auth:login', { username: 'op', password: PASSWORD }))
    .token;
});
afterAll(async () => {
  await inst?.db.close();
  await bureau?.close();
});

describe('institution mode and the file exchange', () => {
  it('verifies a voucher offline with only the trust bundle', async () => {
    expect(await instCall(instAdmin, 'mode:get', {})).toMatchObject({
      installMode: 'institution',
      institutionCode: 'LL-PX-001',
      institutionName: '龙陵县职业技能培训学校',
    });
    const r = await instCall<{ valid: boolean; voucher: { planName: string; occupationName: string } }>(
      instOp,
      'voucher:verify',
      { text: issued.A!.qr },
    );
    expect(r).toMatchObject({ valid: true, voucher: { planName: '职业技能提升行动', occupationName: '养老护理员' } });
    expect(await testDb(inst.db).value('SELECT count(*) FROM voucher')).toBe(0);
  });

  it('round-trips a claim package: applied, conflicts per record, idempotent, tamper refused', async () => {
    const reg = await instCall<string>(instAdmin, 'institution:registration', {});
    await bureau.must(bureau.adminToken, 'institution:bind', { text: reg });

    // The QR no longer lets anyone check an ID number: offline, the holder is checked against the
    // verifiers the bureau's status file brings, for this institution's vouchers only.
    expect(
      await instCall(instOp, 'redeem:confirm', { text: issued.A!.qr, idNumber: issued.A!.idNumber }),
    ).toMatchObject({ ok: false, reason: 'holder_unverifiable' });
    const status = await bureau.must(bureau.reviewer, 'status:export', { institutionCode: 'LL-PX-001' });
    expect(status).toMatchObject({ holders: 3 });
    expect(status.text).not.toContain(issued.A!.idNumber);
    expect(await instCall(instAdmin, 'status:import', { text: status.text })).toMatchObject({ holders: 3 });

    // A redeemed and trained offline; B and C redeemed offline too, D signed by the bureau but never recorded.
    for (const k of ['A', 'B', 'C'] as const) {
      expect(
        await instCall(instOp, 'redeem:confirm', { text: issued[k]!.qr, idNumber: issued[k]!.idNumber }),
      ).toMatchObject({ ok: true });
    }
    expect(
      await instCall(instOp, 'redeem:confirm', { text: issued.A!.qr, idNumber: issued.A!.idNumber }),
    ).toMatchObject({ ok: false, reason: 'already_used' });
    const salt = newSalt();
    const ghostId = makeId('530523', '19900101', 799);
    const ghost = signToText(
      VOUCHER_PREFIX,
      encodeVoucherClaims({
        serial: makeSerial('530523', 2026, 9999),
        planId: bureau.plan('skills_upgrade'),
        occupation: '4-10-01-05',
        level: 'L5',
        amountFen: 150000,
        issueDate: '2026-11-29',
        expiryDate: '2027-02-26',
        institutionId: null,
        holderName: '王*',
        idLast4: ghostId.slice(-4),
        idHash: holderHash(ghostId, salt),
        binding: { kind: 'salted', salt },
      }),
      await bureau.env.keyring.signer(bureau.env.db.reader, 'voucher'),
    );
    expect(await instCall(instOp, 'redeem:confirm', { text: ghost, idNumber: ghostId })).toMatchObject({ ok: true });
    const cls = await instCall<{ uid: string }>(instOp, 'class:create', {
      name: '养老护理员初级班',
      occupationCode: '4-10-01-05',
      level: 'L5',
      startDate: '2026-11-29',
      endDate: '2026-12-31',
      plannedHours: 40, // 五级's 最低学时
      teachers: '李老师',
    });
    const serialA = (await bureau.must(bureau.clerk, 'voucher:get', { id: issued.A!.id })).serial;
    await instCall(instOp, 'class:addMembers', { uid: cls.uid, serials: [serialA] });
    for (const sessionDate of ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']) {
      // Sign-ins are for today only: the clock walks to each session's morning.
      const morning = new Date(`${sessionDate}T08:00:00`);
      if (morning > bureau.clock.now()) bureau.clock.t = morning;
      for (const token of [instOp, instAdmin]) await instCall(token, 'auth:unlock', { password: PASSWORD });
      await instCall(instOp, 'attendance:sign', { classUid: cls.uid, serial: serialA, action: 'in', sessionDate });
      bureau.clock.advance(10 * 3_600_000);
      for (const token of [instOp, instAdmin]) await instCall(token, 'auth:unlock', { password: PASSWORD });
      await instCall(instOp, 'attendance:sign', { classUid: cls.uid, serial: serialA, action: 'out', sessionDate });
    }
    await instCall(instOp, 'completion:record', { serial: serialA, result: 'passed', assessedOn: '2026-11-29' });
    await instCall(instOp, 'certificate:record', {
      serial: serialA,
      type: 'skill_level',
      number: 'CERT-2026-0001',
      occupationCode: '4-10-01-05',
      level: 'L5',
      issuingBody: '龙陵县职业技能鉴定所',
      issuedOn: '2026-11-29',
    });

    // Meanwhile at the bureau: B revoked, C redeemed by another institution first.
    for (const token of [bureau.clerk, bureau.reviewer, bureau.adminToken])
      await bureau.must(token, 'auth:unlock', { password: PASSWORD });
    await bureau.must(bureau.reviewer, 'voucher:revoke', { id: issued.B!.id, reason: '持券人放弃' });
    const other = await bureau.must(bureau.adminToken, 'catalog:institutionSave', {
      code: 'LL-PX-002',
      name: '第二培训学校',
      nature: 'private',
      status: 'active',
      approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
    });
    expect(other.id).toBeGreaterThan(0);
    await bureau.must(bureau.adminToken, 'redeem:confirm', {
      text: issued.C!.qr,
      idNumber: issued.C!.idNumber,
      institutionCode: 'LL-PX-002',
    });

    const pkg = await instCall<{ text: string; records: number }>(instOp, 'claims:export', {});
    expect(pkg.records).toBe(16); // 4 redemptions, class, member, 4 sessions and their 4 sign-outs, completion, certificate

    const tampered = pkg.text.replace('CERT-2026-0001', 'CERT-2026-0002');
    const auditBefore = await bureau.count('audit_log');
    const bad = await bureau.call(bureau.adminToken, 'claims:import', { text: tampered });
    expect(bad.ok ? null : bad.error.message).toBe('申报包签名无效：文件可能被篡改，已整体拒绝');
    expect(await bureau.count('redemption')).toBe(1);
    expect(await bureau.count('audit_log')).toBe(auditBefore);

    const r = await bureau.must(bureau.adminToken, 'claims:import', { text: pkg.text });
    const bySerial = (s: string, kind = 'redemption') => r.records.find((x) => x.serial === s && x.kind === kind)!;
    const serial = async (k: 'B' | 'C') =>
      (await bureau.must(bureau.clerk, 'voucher:get', { id: issued[k]!.id })).serial;
    expect(bySerial(serialA)).toMatchObject({ outcome: 'applied' });
    expect(bySerial(await serial('B'))).toMatchObject({
      outcome: 'conflict',
      reason: '核销时培训券已作废：持券人放弃',
    });
    expect(bySerial(await serial('C')).reason).toMatch(/^已由 第二培训学校 于 \d{4}-\d{2}-\d{2} 先行核销$/);
    expect(bySerial(makeSerial('530523', 2026, 9999))).toMatchObject({
      outcome: 'conflict',
      reason: '券号不在本系统记录中',
    });
    expect(r).toMatchObject({ institutionCode: 'LL-PX-001', applied: 13, conflicts: 3, duplicates: 0 });
    const a = await bureau.must(bureau.clerk, 'voucher:get', { id: issued.A!.id });
    expect(a.status).toBe('certified');
    expect(a.events.map((e) => e.toStatus)).toEqual(['issued', 'redeemed', 'completed', 'certified']);

    const snapshot = () =>
      Promise.all(
        ['voucher_event', 'redemption', 'certificate', 'attendance', 'claim_record'].map((tbl) => bureau.count(tbl)),
      );
    const before = await snapshot();
    const again = await bureau.must(bureau.adminToken, 'claims:import', { text: pkg.text });
    expect(again).toMatchObject({ applied: 0, conflicts: 0, duplicates: 16 });
    expect(await snapshot()).toEqual(before);
  });

  it('reports wrong holder ID numbers typed offline to the bureau, where they count towards a hold', async () => {
    const idNumber = makeId('530523', '19900101', 731);
    const workerId = await bureau.newWorker({ idNumber });
    const d = await bureau.must(bureau.clerk, 'voucher:issue', { workerId, ...bureau.terms() });
    const status = await bureau.must(bureau.reviewer, 'status:export', { institutionCode: 'LL-PX-001' });
    await instCall(instAdmin, 'status:import', { text: status.text });
    for (const seq of [732, 733]) {
      const r = await instCall<{ reason: string }>(instOp, 'redeem:confirm', {
        text: d.qrText,
        idNumber: makeId('530523', '19900101', seq),
      });
      expect(r.reason).toBe('holder_mismatch');
    }
    const pkg = await instCall<{ text: string }>(instOp, 'claims:export', {});
    expect(pkg.text).not.toContain(makeId('530523', '19900101', 732));
    const r = await bureau.must(bureau.adminToken, 'claims:import', { text: pkg.text });
    expect(r.records.filter((x) => x.kind === 'holderFailure' && x.outcome === 'applied')).toHaveLength(2);
    const rows = await bureau.db.all(
      'SELECT institution_code AS inst FROM holder_check_failure WHERE serial = ?',
      d.serial,
    );
    expect(rows).toEqual([{ inst: 'LL-PX-001' }, { inst: 'LL-PX-001' }]);
    // Imported again: nothing counted twice.
    await bureau.must(bureau.adminToken, 'claims:import', { text: pkg.text });
    expect(await bureau.db.value('SELECT count(*) FROM holder_check_failure WHERE serial = ?', d.serial)).toBe(2);
  });

  it('sends revocations back in a signed status update that offline verification then honours', async () => {
    const update = await bureau.must(bureau.reviewer, 'status:export', { institutionCode: 'LL-PX-001' });
    const r = await instCall<{ revoked: number }>(instAdmin, 'status:import', { text: update.text });
    expect(r.revoked).toBe(1);
    const v = await instCall<{ reason: string; message: string }>(instOp, 'voucher:verify', { text: issued.B!.qr });
    expect(v).toMatchObject({ reason: 'revoked', message: '培训券已作废：持券人放弃' });
    const forged = update.text.replace('持券人放弃', '另有原因');
    expect(forged).not.toBe(update.text);
    const bad = await dispatch(inst, instAdmin, 'status:import', { text: forged });
    expect(bad.ok ? null : bad.error.code).toBe('RULE');
  });

  it('CLI: claims export at the institution, claims import --json at the bureau', () => {
    const file = join(bureau.dir, 'claims.json');
    const out = runCli(['claims', 'export', '--db', join(bureau.dir, 'institution.db'), '--out', file], {
      LONGLING_KEY_PASSPHRASE: INST_PASSPHRASE,
    });
    expect(out).toMatchObject({ code: 0 });
    const imp = runCli(['claims', 'import', '--db', bureau.file, '--file', file, '--json']);
    expect(imp.code).toBe(0);
    const parsed = JSON.parse(imp.stdout);
    // 16 records of the round trip and the 2 wrong holder ID numbers reported since.
    expect(parsed).toMatchObject({ applied: 0, duplicates: 18 });
    expect(parsed.records.find((r: { kind: string }) => r.kind === 'redemption')).toMatchObject({
      outcome: 'duplicate',
    });
    writeFileSync(file, '{"format":"longling-claim-package"}');
    const broken = runCli(['claims', 'import', '--db', bureau.file, '--file', file, '--json']);
    expect(broken.code).toBe(1);
    // With --json the refusal is the one JSON object on stdout, and nothing else is printed.
    expect(broken.stderr).toBe('');
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      error: { code: expect.any(String), message: expect.stringContaining('文件不是申报包') },
    });
  });
});
