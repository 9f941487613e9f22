// Attack: someone holding one printed voucher (or its PDF, or a photo of its QR) tries to recover
// the holder's ID number. The QR says the county (530523 in the mask), the masked name, the last
// four digits and a binding of the full number; only the 8 birth-date digits are unknown, and the
// last digit is a check character, so about 2,400 numbers are possible. With the old binding
// (SHA-256 of a public salt and the number, both on the QR) trying them all takes well under a
// second. With the keyed MAC (binding 1) nothing on the paper lets anyone test a guess.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharFor } from '../../shared/domain/idNumber';
import { decodeText } from '../../electron/services/qr/cose';
import {
  decodeVoucherClaims,
  holderHash,
  VOUCHER_PREFIX,
  type VoucherClaims,
} from '../../electron/services/qr/voucherClaims';
import { vouchersPdf } from '../../electron/services/voucher/print';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
const HOLDER = makeId('530523', '19870614', 233);
let qrText: string;
let voucherId: number;

beforeAll(async () => {
  t = await makeVoucherEnv();
  const workerId = await t.newWorker({ idNumber: HOLDER, name: '杨丽华' });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
  qrText = v.qrText;
  voucherId = v.id;
});
afterAll(() => t.close());

/** Every ID number the printed facts allow: county 530523, the last 4 digits, any birth date 1930–2012. */
function candidates(last4: string): string[] {
  const out: string[] = [];
  for (let d = Date.UTC(1930, 0, 1); d <= Date.UTC(2012, 11, 31); d += 86_400_000) {
    const first17 = `530523${new Date(d).toISOString().slice(0, 10).replaceAll('-', '')}${last4.slice(0, 3)}`;
    if (checkCharFor(first17) === last4[3]) out.push(first17 + last4[3]);
  }
  return out;
}

function claimsOf(text: string): VoucherClaims {
  const d = decodeText(text, [VOUCHER_PREFIX]);
  if (!d.ok) throw new Error(d.reason);
  return decodeVoucherClaims(d.claims)!;
}

/** Everything an attacker can compute from public facts for one guess. */
function publicBindings(id: string, c: VoucherClaims): Buffer[] {
  const n = c.idHash.length;
  const sha = (...parts: (string | Uint8Array)[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest().subarray(0, n);
  };
  return [
    sha(id),
    sha(c.serial, id),
    sha(id, c.serial),
    ...(c.binding.kind === 'salted' ? [Buffer.from(holderHash(id, c.binding.salt))] : []),
  ];
}

describe('recovering the holder from a voucher', () => {
  it('works against the old salted SHA-256 binding in well under a second (why it was replaced)', () => {
    const salt = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const legacy: VoucherClaims = {
      ...claimsOf(qrText),
      idHash: holderHash(HOLDER, salt),
      binding: { kind: 'salted', salt },
    };
    const started = performance.now();
    const found = candidates(legacy.idLast4).filter((id) =>
      publicBindings(id, legacy).some((b) => b.equals(Buffer.from(legacy.idHash))),
    );
    expect(found).toEqual([HOLDER]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('finds nothing against a new voucher: its binding is a MAC under a key that is not on the paper or in the database', async () => {
    const c = claimsOf(qrText);
    expect(c.binding).toEqual({ kind: 'mac' });
    expect(c.idLast4).toBe(HOLDER.slice(-4));
    const all = candidates(c.idLast4);
    expect(all.length).toBeGreaterThan(1_500);
    expect(all).toContain(HOLDER);
    const hits = all.filter((id) => publicBindings(id, c).some((b) => b.equals(Buffer.from(c.idHash))));
    expect(hits).toEqual([]);
    // Only the install secret, kept outside the database file, reproduces it.
    expect(Buffer.from(t.env.secrets.holderMac(HOLDER, c.idHash.length)).equals(Buffer.from(c.idHash))).toBe(true);
    if (t.engine === 'sqlite') {
      t.raw().pragma('wal_checkpoint(TRUNCATE)');
      const master = JSON.parse(readFileSync(`${t.file}.secret`, 'utf8')).master as string;
      expect(readFileSync(t.file).includes(Buffer.from(master, 'base64'))).toBe(false);
    }
  });

  it('prints no ID number and no birth date on the voucher or in its PDF', async () => {
    const { pdf } = await vouchersPdf(t.env.db.reader, { ids: [voucherId] }, 'a4');
    const file = join(t.dir, 'voucher.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    for (const s of [text, info, qrText, pdf.toString('latin1')]) {
      expect(s).not.toContain(HOLDER);
      expect(s).not.toContain('19870614');
      expect(s).not.toContain('1987-06-14');
    }
    expect(text).toContain(HOLDER.slice(-4));
  });
});
