// A registration whose key id is that of the institution's live key, with another key (a red-team's
// finding). An institution key's id is 6 base64url characters of SHA-256(SPKI), 36 bits: a key with a
// chosen id can be found by search (CPU-hours with batched point additions). The bind upserted by
// key id, so such a file, with no confirmation asked (the id was not among the "earlier" keys),
// overwrote the institution's public key: the attacker's packages were applied and the institution's
// own refused. The key first bound under an id now keeps it; another key under it is refused.
//
// The search is not run here: kidOf is wrapped so that one key gets the target's id, which is what
// the search would find.
import type { KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as KeyCrypto from '../../electron/services/keys/keyCrypto';

const collide = vi.hoisted(() => ({ spki: null as string | null, kid: '' }));
vi.mock('../../electron/services/keys/keyCrypto', async (orig) => {
  const real = await orig<typeof KeyCrypto>();
  return {
    ...real,
    kidOf: (k: KeyObject) =>
      collide.spki !== null && k.export({ type: 'spki', format: 'der' }).toString('hex') === collide.spki
        ? collide.kid
        : real.kidOf(k),
  };
});

import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, redemptionRecord } from '../fixtures/claimPackage';
import { installKey, registrationFile, type InstallKey } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('a registration whose key id collides with the institution’s live key', () => {
  it('is refused, confirmed or not, and the live key goes on as before', async () => {
    const real = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', real) });

    // The attacker's key, found by searching for SHA-256(SPKI) starting with the same 36 bits.
    const found = installKey();
    collide.spki = found.publicKey.export({ type: 'spki', format: 'der' }).toString('hex');
    collide.kid = real.kid;
    const attacker: InstallKey = { ...found, kid: real.kid };

    for (const replace of [false, true]) {
      const r = await t.call(t.adminToken, 'institution:bind', {
        text: registrationFile('LL-PX-001', attacker),
        replace,
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'RULE', message: expect.stringContaining('已登记为另一把公钥') },
      });
    }
    const pem = String(await t.db.value('SELECT public_key_pem FROM institution_key WHERE kid = ?', real.kid));
    expect(pem).toBe(real.publicKey.export({ type: 'spki', format: 'pem' }).toString());

    // The institution's own packages go on being applied; the attacker's are refused.
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    expect(
      (
        await t.must(t.reviewer, 'claims:import', {
          text: claimPackage(real, [redemptionRecord(v, t.clock.now().toISOString())]),
        })
      ).applied,
    ).toBe(1);
    const v2 = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const theirs = await t.call(t.reviewer, 'claims:import', {
      text: claimPackage(attacker, [redemptionRecord(v2, t.clock.now().toISOString())]),
    });
    expect(theirs).toMatchObject({ ok: false, error: { code: 'RULE', message: expect.stringContaining('签名无效') } });
  });
});
