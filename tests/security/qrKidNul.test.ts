// A forged QR whose COSE protected header carries a key id with a NUL byte (found by a review). The
// key id is looked up (SELECT … FROM signing_key WHERE kid = $1) before the signature is checked; on
// PostgreSQL a NUL there failed as SQLSTATE 22021 and the call answered INTERNAL. Now such a key id
// makes the code malformed before any lookup, on both engines.
import { Encoder } from 'cbor-x';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base45Encode } from '../../electron/services/qr/base45';
import { VOUCHER_PREFIX } from '../../electron/services/qr/voucherClaims';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });
let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

function forgedQr(kid: Buffer): string {
  const header = cbor.encode(
    new Map<number, unknown>([
      [1, -8],
      [4, kid],
    ]),
  );
  const payload = cbor.encode(new Map<number, unknown>([[1, 1]]));
  return VOUCHER_PREFIX + base45Encode(cbor.encode([header, new Map(), payload, Buffer.alloc(64)]));
}

describe('a forged QR whose kid holds a NUL', () => {
  it('is answered as a bad code, not INTERNAL, on both engines', async () => {
    const clerk = await t.loginAs('clerk');
    for (const [channel, input] of [
      ['voucher:verify', { text: forgedQr(Buffer.from('ab\u0000cd')) }],
      ['scan:resolve', { text: forgedQr(Buffer.from('ab\u0000cd')) }],
    ] as const) {
      const r = await t.call(clerk, channel as 'voucher:verify', input as { text: string });
      expect(r.ok ? 'ok' : r.error.code, channel).not.toBe('INTERNAL');
      if (r.ok && channel === 'voucher:verify') expect(r.value).toMatchObject({ valid: false });
    }
  });
});
