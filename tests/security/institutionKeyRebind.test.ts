// A registration file (培训机构登记文件) naming a key id that is not its own key's, or a key already
// bound to another institution (found by a review): the bind upserted by key id, so one institution's
// file could take over another's id, and the other's claim packages would stop verifying. The key id
// must now be derived from the key itself, and a bound id is not moved to another institution.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGISTRATION_FORMAT } from '../../electron/services/exchange/institution.service';
import { kidOf } from '../../electron/services/keys/keyCrypto';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

function install() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey, privateKey, kid: kidOf(publicKey) };
}

/** A registration as an institution install writes it, signed with `signer`'s private key. */
function registration(code: string, key: { publicKey: KeyObject; privateKey: KeyObject }, kid: string): string {
  const body = {
    format: REGISTRATION_FORMAT,
    institutionCode: code,
    kid,
    publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt: '2026-12-01T08:00:00.000Z',
  };
  const text = JSON.stringify(body);
  return JSON.stringify({
    ...body,
    payload: text,
    signature: sign(null, Buffer.from(text), key.privateKey).toString('base64'),
  });
}

describe('binding an institution key', () => {
  it('refuses a key id that is not the key’s own, and a bound key for another institution', async () => {
    await t.must(t.adminToken, 'catalog:institutionSave', {
      code: 'LL-PX-002',
      name: '龙陵县第二培训学校',
      nature: 'private',
      status: 'active',
      approvals: [],
    });
    const a = install();
    const b = install();
    const bind = (text: string) => t.call(t.adminToken, 'institution:bind', { text });
    expect((await bind(registration('LL-PX-001', a, a.kid))).ok).toBe(true);
    // The second institution names the first one's key id, with its own key.
    expect(await bind(registration('LL-PX-002', b, a.kid))).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: '登记文件的密钥编号与其公钥不符，已拒绝' },
    });
    // The first install's own key, registered for the other institution (an install set up wrongly).
    expect(await bind(registration('LL-PX-002', a, a.kid))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The id still belongs to the first institution, and its own file binds again as before.
    expect(await t.db.value('SELECT institution_id FROM institution_key WHERE kid = ?', a.kid)).toBe(t.institutionId);
    expect((await bind(registration('LL-PX-001', a, a.kid))).ok).toBe(true);
    expect((await bind(registration('LL-PX-002', b, b.kid))).ok).toBe(true);
  });
});
