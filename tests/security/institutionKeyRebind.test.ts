// A registration file (培训机构登记文件) naming a key id that is not its own key's, or a key already
// bound to another institution (found by a review): the bind upserted by key id, so one institution's
// file could take over another's id, and the other's claim packages would stop verifying. The key id
// must now be derived from the key itself, and a bound id is not moved to another institution.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { installKey, registrationFile, secondInstitution } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('binding an institution key', () => {
  it('refuses a key id that is not the key’s own, and a bound key for another institution', async () => {
    await secondInstitution(t);
    const a = installKey();
    const b = installKey();
    const bind = (text: string) => t.call(t.adminToken, 'institution:bind', { text });
    expect((await bind(registrationFile('LL-PX-001', a))).ok).toBe(true);
    // The second institution names the first one's key id, with its own key.
    expect(await bind(registrationFile('LL-PX-002', b, { kid: a.kid }))).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: '登记文件的密钥编号与其公钥不符，已拒绝' },
    });
    // The first install's own key, registered for the other institution (an install set up wrongly).
    expect(await bind(registrationFile('LL-PX-002', a))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The id still belongs to the first institution, and its own file binds again as before.
    expect(await t.db.value('SELECT institution_id FROM institution_key WHERE kid = ?', a.kid)).toBe(t.institutionId);
    expect((await bind(registrationFile('LL-PX-001', a))).ok).toBe(true);
    expect((await bind(registrationFile('LL-PX-002', b))).ok).toBe(true);
  });
});
