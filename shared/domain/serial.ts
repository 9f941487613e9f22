// Voucher serials: 530523-2026-000123-7 (jurisdiction, year, number, ISO 7064 MOD 11-2 check).
// Since issue 12 the 6-digit number is drawn at random (1–999999, unique per year), so a serial says
// nothing about how many vouchers were issued or in which order; older vouchers keep the sequential
// numbers they were printed with.

export function mod11Check(digits: string): string {
  let sum = 0;
  for (const c of digits) sum = ((sum + Number(c)) * 2) % 11;
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}

export function makeSerial(jurisdiction: string, year: number, seq: number): string {
  const body = `${jurisdiction}${year}${String(seq).padStart(6, '0')}`;
  return `${jurisdiction}-${year}-${String(seq).padStart(6, '0')}-${mod11Check(body)}`;
}

/** Highest number a serial can carry in a year. */
export const SERIAL_NUMBERS = 999_999;

/** A uniformly random serial number in 1–999999 (rejection sampling, no modulo bias). */
export function randomSerialNumber(): number {
  const buf = new Uint32Array(1);
  const limit = 2 ** 32 - (2 ** 32 % SERIAL_NUMBERS);
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    if (buf[0]! < limit) return (buf[0]! % SERIAL_NUMBERS) + 1;
  }
}

export type SerialCheck = { ok: true; serial: string } | { ok: false; message: string };

/** Accepts the serial typed with or without dashes, and tells a typo from an unknown number. */
export function checkSerial(raw: string): SerialCheck {
  const t = raw
    .trim()
    .toUpperCase()
    .replace(/[\s－—_]/g, '-');
  const m = /^(\d{6})-?(\d{4})-?(\d{6})-?([\dX])$/.exec(t);
  if (!m) return { ok: false, message: '券号格式应为 530523-2026-000123-7' };
  const [, j, y, s, c] = m as unknown as [string, string, string, string, string];
  if (mod11Check(`${j}${y}${s}`) !== c) return { ok: false, message: '券号校验位不符，请核对是否录错' };
  return { ok: true, serial: `${j}-${y}-${s}-${c}` };
}

// Crockford base32 without I, L, O, U: nothing a clerk can misread.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 10-character code typed when the QR is damaged, shown as XXXX-XXX-XXX. */
export function makeFallbackCode(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(10));
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `${out.slice(0, 4)}-${out.slice(4, 7)}-${out.slice(7)}`;
}

export function normalizeFallbackCode(raw: string): string | null {
  const t = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(t)) return null;
  return `${t.slice(0, 4)}-${t.slice(4, 7)}-${t.slice(7)}`;
}
