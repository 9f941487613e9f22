import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from 'cbor-x';
import { newKeyPair } from '../../electron/services/keys/keyCrypto';
import { base45Decode, base45Encode } from '../../electron/services/qr/base45';
import { signToText, type Signer } from '../../electron/services/qr/cose';
import { decodeVoucherClaims, encodeVoucherClaims, VOUCHER_PREFIX } from '../../electron/services/qr/voucherClaims';
import { vouchersPdf } from '../../electron/services/voucher/print';
import { qrMatrix } from '../../electron/pdf/qr.pdf';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { makeId } from '../fixtures/ids';
import { runCli } from '../fixtures/cli';

let t: VoucherEnv;
let qr: string;
let idNumber: string;
let serial: string;
let voucherId: number;

beforeAll(async () => {
  t = await makeVoucherEnv();
  idNumber = makeId('530523', '19880808', 777);
  const w = await t.newWorker({ idNumber, name: '刘䶮' });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms({ institutionId: t.institutionId }) });
  qr = v.qrText;
  serial = v.serial;
  voucherId = v.id;
});
afterAll(() => t.close());

const verify = (text: string, id?: string) =>
  t.must(t.clerk, 'voucher:verify', { text, ...(id ? { idNumber: id } : {}) });
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });

/** Re-encodes the QR with one claim changed but the original signature kept. */
function tamper(text: string, change: (claims: Map<number, unknown>) => void): string {
  const raw = base45Decode(text.slice(VOUCHER_PREFIX.length))!;
  const [prot, unprot, payload, sig] = cbor.decode(raw) as [Uint8Array, unknown, Uint8Array, Uint8Array];
  const claims = cbor.decode(payload) as Map<number, unknown>;
  change(claims);
  return VOUCHER_PREFIX + base45Encode(cbor.encode([prot, unprot, cbor.encode(claims), sig]));
}

describe('voucher QR', () => {
  it('round-trips: a fresh voucher verifies, with the holder ID, and shows what it is for', async () => {
    const r = await verify(qr, idNumber);
    expect(r).toMatchObject({
      valid: true,
      kind: 'voucher',
      reason: 'valid',
      serial,
      voucher: {
        holderName: '刘*',
        idLast4: idNumber.slice(-4),
        planName: '职业技能提升行动',
        occupationName: '养老护理员',
        level: 'L5',
        amountFen: 150000,
        institutionName: '龙陵县职业技能培训学校',
        status: 'issued',
      },
    });
    expect(qr).toMatch(/^LLV1:[0-9A-Z $%*+\-./:]+$/);
    expect(qr).not.toContain(idNumber);
  });

  it("accepts a lower-case x in the holder ID, and a scanner's trailing newline", async () => {
    expect((await verify(`${qr}\r\n`, idNumber.toLowerCase())).valid).toBe(true);
  });

  it('gives one specific reason for each kind of refusal', async () => {
    expect((await verify('https://example.com/?q=1')).reason).toBe('not_ours');
    expect((await verify(qr.slice(0, 120))).reason).toBe('malformed');
    expect((await verify('LLV1:!!!!')).reason).toBe('malformed');
    expect((await verify(tamper(qr, (c) => c.set(5, 9_999_900)))).reason).toBe('bad_signature');
    const stranger = newKeyPair();
    const claims = decodeVoucherClaims(cbor.decode(cbor.encode(new Map())) as Map<number, unknown>);
    expect(claims).toBeNull();
    const forged = tamper(qr, () => undefined);
    expect((await verify(forged)).reason).toBe('valid');
    const reSigned = (key: Signer, change: (c: Map<number, unknown>) => void) => {
      const raw = base45Decode(qr.slice(VOUCHER_PREFIX.length))!;
      const payload = (cbor.decode(raw) as Uint8Array[])[2]!;
      const m = cbor.decode(payload) as Map<number, unknown>;
      change(m);
      return signToText(VOUCHER_PREFIX, m, key);
    };
    expect((await verify(reSigned({ kid: stranger.kid, key: stranger.privateKey }, () => undefined))).reason).toBe(
      'unknown_key',
    );
    const ours = await t.env.keyring.signer(t.env.db.reader, 'voucher');
    expect((await verify(reSigned({ kid: ours.kid, key: stranger.privateKey }, () => undefined))).reason).toBe(
      'bad_signature',
    );
    expect((await verify(reSigned(ours, (c) => c.set(1, 5305232026999999)))).reason).toBe('unknown_voucher');
    expect((await verify(reSigned(ours, (c) => c.delete(11)))).reason).toBe('malformed');
    expect(await verify(qr, makeId('530523', '19880808', 778))).toMatchObject({
      reason: 'holder_mismatch',
      message: expect.stringContaining('券面为 刘*'),
    });
  });

  it('says expired, revoked and already used', async () => {
    const w = await t.newWorker();
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms({ occupationCode: '6-31-01-03' }) });
    await t.db.run("UPDATE voucher SET status = 'redeemed' WHERE id = ?", v.id);
    expect((await verify(v.qrText)).reason).toBe('already_used');
    const w2 = await t.newWorker();
    const v2 = await t.must(t.clerk, 'voucher:issue', { workerId: w2, ...t.terms() });
    await t.must(t.reviewer, 'voucher:revoke', { id: v2.id, reason: '本人放弃' });
    expect(await verify(v2.qrText)).toMatchObject({ reason: 'revoked', message: '培训券已作废：本人放弃' });
    await t.later(200);
    expect((await verify(qr)).reason).toBe('expired');
  });

  it('finds the voucher from a typed serial or fallback code', async () => {
    const v = await t.must(t.clerk, 'voucher:get', { id: voucherId });
    expect((await verify(serial.replaceAll('-', ''))).serial).toBe(serial);
    expect((await verify(v.fallbackCode!.toLowerCase().replaceAll('-', ' '))).serial).toBe(serial);
  });

  it('fits a version ≤ 11 QR at level Q even for a long name, a big amount and a designated institution', async () => {
    const m = encodeVoucherClaims({
      serial: '530523-2026-999999-1',
      planId: 9999,
      occupation: '6-28-01-14',
      level: 'qualified',
      amountFen: 9_999_999,
      issueDate: '2026-12-31',
      expiryDate: '2027-12-31',
      institutionId: 99999,
      holderName: '𠮷*𠮷',
      idLast4: '123X',
      idHash: new Uint8Array(10),
      binding: { kind: 'salted', salt: new Uint8Array(6) },
    });
    const text = signToText(VOUCHER_PREFIX, m, await t.env.keyring.signer(t.env.db.reader, 'voucher'));
    expect(qrMatrix(text).version).toBeLessThanOrEqual(11);
  });
});

describe('voucher PDF', () => {
  it('prints a QR that an independent decoder reads back and that then verifies, with searchable rare characters', async () => {
    const { pdf } = await vouchersPdf(t.env.db.reader, { ids: [voucherId] }, 'a4');
    const file = join(t.dir, 'voucher.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('刘䶮');
    expect(text).toContain('龙陵县职业技能培训电子培训券');
    expect(text).toContain('壹仟伍佰元整');
    expect(text).toContain(serial);
    expect(text).toContain('无需垫付培训费用');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(t.dir, 'page')]);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(t.dir, 'page.png')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(decoded).toBe((await t.must(t.clerk, 'voucher:get', { id: voucherId })).qrText);
    const r = await verify(decoded, idNumber);
    expect([r.valid, r.reason]).toEqual(r.reason === 'expired' ? [false, 'expired'] : [true, 'valid']);
    expect(r.serial).toBe(serial);
  });

  it('draws the QR at least 35 mm wide, also two to a page', async () => {
    const { pdf } = await vouchersPdf(t.env.db.reader, { ids: [voucherId] }, 'two');
    const file = join(t.dir, 'two.pdf');
    writeFileSync(file, pdf);
    const dpi = 100;
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-singlefile', file, join(t.dir, 'two')]);
    const pgm = readFileSync(join(t.dir, 'two.pgm'));
    const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/
      .exec(pgm.subarray(0, 40).toString('latin1'))!
      .map(Number) as number[];
    const data = pgm.subarray(pgm.length - w! * h!);
    // The QR sits at the right of the upper voucher, below the title and above its caption.
    let minX = Infinity;
    let maxX = -Infinity;
    for (let y = Math.round(h! * 0.09); y < h! * 0.26; y++) {
      for (let x = Math.round(w! * 0.6); x < w! * 0.93; x++) {
        if (data[y * w! + x]! < 128) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    const symbolMm = ((maxX - minX + 1) / dpi) * 25.4;
    expect(symbolMm).toBeGreaterThan(30); // the dark modules alone; with the quiet zone the code is 38 mm
    expect(
      execFileSync('zbarimg', ['-q', '--raw', join(t.dir, 'two.pgm')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    ).toMatch(/^LLV1:/);
  });
});

describe('CLI', () => {
  it('verify prints JSON and exits 0 for a valid voucher, 1 otherwise; trust export lists the keys', () => {
    const ok = runCli(['verify', '--db', t.file, '--text', qr, '--json']);
    const parsed = JSON.parse(ok.stdout);
    expect(parsed).toMatchObject({ kind: 'voucher', serial });
    expect(ok.code).toBe(parsed.valid ? 0 : 1);
    const bad = runCli(['verify', '--db', t.file, '--text', 'HC1:NOT-OURS', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, reason: 'not_ours' });
    const out = join(t.dir, 'trust.json');
    expect(runCli(['trust', 'export', '--db', t.file, '--out', out]).code).toBe(0);
    const bundle = JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' }));
    expect(bundle.jurisdiction.code).toBe('530523');
    expect(bundle.keys[0]).toMatchObject({
      kid: expect.any(String),
      alg: 'EdDSA',
      publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    expect(JSON.stringify(bundle)).not.toContain('PRIVATE');
  });

  // The demo plays months of real work: allowed more than the default 30 seconds on a loaded machine.
  it('demo fills a database with vouchers in every state, and vouchers pdf prints them', () => {
    const db = join(t.dir, 'demo.db');
    const demo = runCli(['demo', '--db', db, '--workers', '60', '--admin', 'me'], {
      LONGLING_ADMIN_PASSWORD: 'Passw0rd123',
    });
    expect(demo.code).toBe(0);
    // Each state with a count above zero (tests/db/demo.test.ts checks the figures themselves).
    for (const state of ['已发放', '已核销/培训中', '已结业', '已取证', '已结算', '已过期', '已作废'])
      expect(demo.stdout).toMatch(new RegExp(`${state} [1-9]`));
    const out = join(t.dir, 'demo.pdf');
    const pdf = runCli([
      'vouchers',
      'pdf',
      '--db',
      db,
      '--out',
      out,
      '--status',
      'issued',
      '--limit',
      '3',
      '--layout',
      'two',
    ]);
    expect(pdf.code).toBe(0);
    expect(pdf.stdout).toMatch(/3 张培训券/);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+2/);
  }, 120_000);
});
