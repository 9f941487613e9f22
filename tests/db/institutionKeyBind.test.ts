// A registration bound again, when its key was stored in other text: keys bound before migration 021
// were kept as the registration file spelled them (CRLF line endings from a Windows editor, say),
// and comparing PEM text called the same key "another public key" and refused the institution's
// own file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { installKey, registrationFile } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('binding a registration whose key is already bound', () => {
  it('takes the same key stored with CRLF line endings as the same key', async () => {
    const key = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    const stored = String(await t.db.value('SELECT public_key_pem FROM institution_key WHERE kid = ?', key.kid));
    await t.db.run(
      'UPDATE institution_key SET public_key_pem = ? WHERE kid = ?',
      stored.replace(/\n/g, '\r\n'),
      key.kid,
    );

    const again = await t.call(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    expect(again).toMatchObject({ ok: true, value: { kid: key.kid, superseded: [] } });
  });

  it('still refuses another public key under the same key id', async () => {
    const key = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    const other = installKey();
    await t.db.run(
      'UPDATE institution_key SET public_key_pem = ? WHERE kid = ?',
      other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      key.kid,
    );
    const again = await t.call(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: expect.stringContaining('已登记为另一把公钥') },
    });
  });

  it('lists the keys bound, those in use first, for admins and reviewers only', async () => {
    expect(await t.must(t.reviewer, 'institution:keys', {})).toEqual([]);
    const old = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', old) });
    t.clock.advance(60_000);
    const fresh = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', fresh), replace: true });

    const keys = await t.must(t.reviewer, 'institution:keys', {});
    expect(keys).toEqual([
      {
        institutionCode: 'LL-PX-001',
        institutionName: '龙陵县职业技能培训学校',
        kid: fresh.kid,
        boundAt: expect.any(String),
        supersededAt: null,
      },
      {
        institutionCode: 'LL-PX-001',
        institutionName: '龙陵县职业技能培训学校',
        kid: old.kid,
        boundAt: expect.any(String),
        supersededAt: keys[0]!.boundAt,
      },
    ]);
    // No public key is handed out: a key number is what is read out on the telephone.
    expect(JSON.stringify(keys)).not.toContain('BEGIN PUBLIC KEY');
    expect(await t.call(t.clerk, 'institution:keys', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
