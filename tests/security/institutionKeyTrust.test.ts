// How far the bureau trusts an institution's key and what it signs (a red-team's findings):
//  - a suspended institution's claim packages were applied (online it cannot redeem), and keys were
//    bound for it;
//  - a new registration only added a key: the old install's key (a retired PC, a former admin's copy
//    of the file and its passphrase) signed packages the bureau applied for ever, and an old
//    registration file could bring it back;
//  - a registration names its institution on its own word, and a second key was bound at once;
//  - an offline redemption's time was barely checked, so a lapsed voucher could be backdated;
//  - any key type (512-bit RSA, a private key) was bound as the institution's public key.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kidOf } from '../../electron/services/keys/keyCrypto';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, redemptionRecord } from '../fixtures/claimPackage';
import { installKey, registrationFile, secondInstitution } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

async function issue() {
  const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
  return { serial: v.serial, qrText: v.qrText, id: v.id };
}

const now = () => t.clock.now().toISOString();
const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? 'ok' : r.error!.message);

async function setStatus(status: 'active' | 'suspended') {
  const inst = (await t.must(t.adminToken, 'catalog:institutions', {} as never)).find((i) => i.id === t.institutionId)!;
  await t.must(t.adminToken, 'catalog:institutionSave', {
    id: inst.id,
    code: inst.code,
    name: inst.name,
    address: inst.address,
    nature: inst.nature,
    contactPerson: inst.contactPerson,
    contactPhone: inst.contactPhone,
    townshipCode: inst.townshipCode,
    status,
    approvals: inst.approvals,
  });
}

describe('a suspended institution', () => {
  it('has its claim packages refused whole, and the same file imports once it is active again', async () => {
    const a = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', a) });
    const v = await issue();
    const pkg = claimPackage(a, [redemptionRecord(v, now())]);
    await setStatus('suspended');
    const r = await t.call(t.reviewer, 'claims:import', { text: pkg });
    expect(r).toMatchObject({ ok: false, error: { code: 'RULE' } });
    expect(message(r)).toContain('已暂停');
    expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v.serial)).toBe(0);
    expect(await t.db.value('SELECT count(*) FROM claim_record')).toBe(0);
    expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', v.id)).toBe('issued');

    await setStatus('active');
    expect((await t.must(t.reviewer, 'claims:import', { text: pkg })).applied).toBe(1);
  });

  it('gets no new key bound', async () => {
    await setStatus('suspended');
    const r = await t.call(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', installKey()) });
    expect(r).toMatchObject({ ok: false, error: { code: 'RULE' } });
    expect(await t.count('institution_key')).toBe(0);
  });
});

describe("an institution's new registration", () => {
  it('is bound only when confirmed, and then retires the old key and its registration file', async () => {
    const oldPc = installKey();
    const newPc = installKey();
    const oldFile = registrationFile('LL-PX-001', oldPc);
    await t.must(t.adminToken, 'institution:bind', { text: oldFile });
    const v = await issue();

    // Asked first, naming both key numbers; nothing changes until confirmed.
    const asked = await t.call(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', newPc) });
    expect(asked).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', detail: { replace: [oldPc.kid], kid: newPc.kid } },
    });
    expect(message(asked)).toContain('电话核对新密钥编号');
    expect(await t.count('institution_key')).toBe(1);

    const bound = await t.must(t.adminToken, 'institution:bind', {
      text: registrationFile('LL-PX-001', newPc),
      replace: true,
    });
    expect(bound).toEqual({ institutionCode: 'LL-PX-001', kid: newPc.kid, superseded: [oldPc.kid] });

    // The old key's packages are refused whole; the new key's are applied.
    const old = await t.call(t.reviewer, 'claims:import', { text: claimPackage(oldPc, [redemptionRecord(v, now())]) });
    expect(old).toMatchObject({ ok: false, error: { code: 'RULE' } });
    expect(message(old)).toContain('已停用的旧密钥');
    expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v.serial)).toBe(0);
    expect(
      (await t.must(t.reviewer, 'claims:import', { text: claimPackage(newPc, [redemptionRecord(v, now())]) })).applied,
    ).toBe(1);

    // The old registration file, replayed (confirmed or not), does not bring the old key back.
    for (const replace of [false, true]) {
      const again = await t.call(t.adminToken, 'institution:bind', { text: oldFile, replace });
      expect(again).toMatchObject({ ok: false, error: { code: 'RULE' } });
    }
    expect(await t.db.value('SELECT count(*) FROM institution_key WHERE superseded_at IS NULL')).toBe(1);
    const audit = await t.db.value(
      "SELECT after_json FROM audit_log WHERE action = 'bindKey' ORDER BY id DESC LIMIT 1",
    );
    expect(String(audit)).toContain(oldPc.kid);
  });

  it("made for another institution's code is not bound beside that institution's key unasked", async () => {
    await secondInstitution(t);
    const real = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-002', real) });
    const forged = installKey(); // made by another institution's admin, handed in as "our new PC's file"
    const r = await t.call(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-002', forged) });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.db.value('SELECT count(*) FROM institution_key WHERE kid = ?', forged.kid)).toBe(0);
  });

  it('binds the same file twice without asking (nothing is replaced)', async () => {
    const a = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', a) });
    expect(await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', a) })).toEqual({
      institutionCode: 'LL-PX-001',
      kid: a.kid,
      superseded: [],
    });
  });

  it('is refused unless it holds an Ed25519 public key', async () => {
    const a = installKey();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaInstall = { ...a, publicKey: rsa.publicKey, kid: kidOf(rsa.publicKey) };
    const asRsa = registrationFile('LL-PX-001', rsaInstall, {
      pem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    // Naming an RSA key (its signature made by another key): refused.
    expect(await t.call(t.adminToken, 'institution:bind', { text: asRsa })).toMatchObject({ ok: false });
    const privatePem = a.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const r = await t.call(t.adminToken, 'institution:bind', {
      text: registrationFile('LL-PX-001', a, { pem: privatePem }),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'RULE' } });
    expect(message(r)).toContain('Ed25519');
    expect(await t.count('institution_key')).toBe(0);
  });
});

describe('the time an offline redemption states', () => {
  it('is refused when it is no time, before the voucher was issued or ahead of the bureau’s clock', async () => {
    const a = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', a) });
    const cases: [string, string][] = [
      ['2026-01-01T00:00:00.000Z', '早于发券日期'],
      ['2026-11-3 not a time', '不是有效的时间'],
      [new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString(), '晚于今天'],
    ];
    for (const [redeemedAt, why] of cases) {
      const v = await issue();
      const r = await t.must(t.reviewer, 'claims:import', { text: claimPackage(a, [redemptionRecord(v, redeemedAt)]) });
      expect({ applied: r.applied, reason: r.records[0]!.reason }).toEqual({
        applied: 0,
        reason: expect.stringContaining(why),
      });
    }
    const v = await issue();
    expect(
      (await t.must(t.reviewer, 'claims:import', { text: claimPackage(a, [redemptionRecord(v, now())]) })).applied,
    ).toBe(1);
  });
});
