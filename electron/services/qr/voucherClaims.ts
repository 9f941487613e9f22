// What a voucher's QR says. Every claim is packed small (integers for the serial, plan,
// occupation, level and dates) because the whole signed code must fit a version 11 QR at
// error correction level Q: 259 Base45 characters, about 169 bytes of COSE.
//
// The holder binding: since issue 12 (binding 1) the ID hash is a keyed MAC of the normalised ID
// number, whose key is the install secret kept outside the database file; nothing on the voucher
// lets anyone test a guessed ID number. Vouchers signed before it (binding 0, no binding claim)
// carry SHA-256(public 6-byte salt ‖ ID number) instead: with the masked name and last 4 digits
// beside it only the 8 birth-date digits are unknown, and any holder of the paper can find the
// ID number in well under a second. They still verify; they are not issued any more.
import { createHash, randomBytes } from 'node:crypto';
import { makeSerial } from '../../../shared/domain/serial';
import { normalizeIdNumber } from '../../../shared/domain/idNumber';
import type { InstallSecrets } from '../../core/secrets';

export const VOUCHER_PREFIX = 'LLV1:';
export const ID_HASH_BYTES = 10;
export const SALT_BYTES = 6;
/** The binding claim's value for a keyed MAC. */
export const BINDING_MAC = 1;

/** How the ID hash on the QR was made. */
export type HolderBinding = { kind: 'mac' } | { kind: 'salted'; salt: Uint8Array };

export interface VoucherClaims {
  serial: string;
  planId: number;
  occupation: string;
  level: string;
  amountFen: number;
  issueDate: string; // YYYY-MM-DD
  expiryDate: string;
  institutionId: number | null; // designated institution
  holderName: string; // masked
  idLast4: string;
  /** The holder MAC (binding 1) or the legacy salted SHA-256 (binding 0), truncated. */
  idHash: Uint8Array;
  binding: HolderBinding;
}

const K = {
  serial: 1,
  plan: 2,
  occupation: 3,
  level: 4,
  amount: 5,
  issue: 6,
  days: 7,
  institution: 8,
  holder: 9,
  last4: 10,
  idHash: 11,
  salt: 12,
  binding: 13,
} as const;
const LEVELS = ['', 'L1', 'L2', 'L3', 'L4', 'L5', 'special', 'qualified', 'syb'];

/** The MAC a new voucher carries: only the install holding the secret can make or check it. */
export function holderMac(secrets: Pick<InstallSecrets, 'holderMac'>, idNumber: string): Uint8Array {
  return secrets.holderMac(normalizeIdNumber(idNumber), ID_HASH_BYTES);
}

/** Legacy (binding 0): reversible from the QR alone; kept to verify vouchers signed before issue 12. */
export function holderHash(idNumber: string, salt: Uint8Array): Uint8Array {
  return createHash('sha256').update(salt).update(idNumber, 'utf8').digest().subarray(0, ID_HASH_BYTES);
}

/** Legacy (binding 0) salt; only tests and old data use it. */
export function newSalt(): Uint8Array {
  return randomBytes(SALT_BYTES);
}

/** 4-10-01-05 → 4100105; S-001 (non-graded kinds such as 创业培训) → -1. */
export function occupationToInt(code: string): number {
  const m = /^(\d)-(\d{2})-(\d{2})-(\d{2})$/.exec(code);
  if (m) return Number(m.slice(1).join(''));
  const s = /^S-(\d{3})$/.exec(code);
  if (s) return -Number(s[1]);
  throw new Error(`bad occupation code ${code}`);
}

export function intToOccupation(n: number): string | null {
  if (!Number.isInteger(n)) return null;
  if (n < 0 && n >= -999) return `S-${String(-n).padStart(3, '0')}`;
  if (n < 1000000 || n > 9999999) return null;
  const s = String(n);
  return `${s[0]}-${s.slice(1, 3)}-${s.slice(3, 5)}-${s.slice(5, 7)}`;
}

function serialToInt(serial: string): number {
  const [j, y, s] = serial.split('-');
  return Number(`${j}${y}${s}`);
}

function intToSerial(n: number): string | null {
  if (!Number.isSafeInteger(n) || n < 1e15 || n >= 1e16) return null;
  const s = String(n);
  return makeSerial(s.slice(0, 6), Number(s.slice(6, 10)), Number(s.slice(10)));
}

const dayMs = 86_400_000;
const dateToInt = (d: string) => Number(d.replaceAll('-', ''));
function intToDate(n: unknown): string | null {
  if (!Number.isInteger(n) || (n as number) < 19000101 || (n as number) > 29991231) return null;
  const s = String(n);
  const d = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ? null : d;
}
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);
const plusDays = (a: string, n: number) =>
  new Date(Date.parse(`${a}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

export function encodeVoucherClaims(c: VoucherClaims): Map<number, unknown> {
  const m = new Map<number, unknown>([
    [K.serial, serialToInt(c.serial)],
    [K.plan, c.planId],
    [K.occupation, occupationToInt(c.occupation)],
    [K.level, LEVELS.indexOf(c.level)],
    [K.amount, c.amountFen],
    [K.issue, dateToInt(c.issueDate)],
    [K.days, daysBetween(c.issueDate, c.expiryDate)],
    [K.holder, c.holderName],
    [K.last4, c.idLast4],
    [K.idHash, Buffer.from(c.idHash)],
  ]);
  if (c.binding.kind === 'mac') m.set(K.binding, BINDING_MAC);
  else m.set(K.salt, Buffer.from(c.binding.salt));
  if (c.institutionId !== null) m.set(K.institution, c.institutionId);
  return m;
}

const posInt = (v: unknown, max = Number.MAX_SAFE_INTEGER) =>
  Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= max ? (v as number) : null;
const str = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
const bytes = (v: unknown, len: number) => (v instanceof Uint8Array && v.length === len ? v : null);

/** Null when any claim is missing or of the wrong shape: a signed but malformed voucher is still refused. */
export function decodeVoucherClaims(m: Map<number, unknown>): VoucherClaims | null {
  const serial = typeof m.get(K.serial) === 'number' ? intToSerial(m.get(K.serial) as number) : null;
  const planId = posInt(m.get(K.plan));
  const occupation = typeof m.get(K.occupation) === 'number' ? intToOccupation(m.get(K.occupation) as number) : null;
  const levelIndex = posInt(m.get(K.level), LEVELS.length - 1);
  const amountFen = posInt(m.get(K.amount));
  const issueDate = intToDate(m.get(K.issue));
  const days = m.get(K.days);
  const institutionId = m.has(K.institution) ? posInt(m.get(K.institution)) : null;
  const holderName = str(m.get(K.holder), 40);
  const idLast4 = str(m.get(K.last4), 4);
  const idHash = bytes(m.get(K.idHash), ID_HASH_BYTES);
  // Binding 1 has no salt; binding 0 (no binding claim) must have one. Anything else is refused.
  const mac = m.has(K.binding);
  if (mac && (m.get(K.binding) !== BINDING_MAC || m.has(K.salt))) return null;
  const salt = mac ? null : bytes(m.get(K.salt), SALT_BYTES);
  if (
    !serial ||
    !planId ||
    !occupation ||
    !levelIndex ||
    !amountFen ||
    !issueDate ||
    !holderName ||
    !idLast4 ||
    !idHash ||
    (!mac && !salt)
  )
    return null;
  if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 3660) return null;
  if (m.has(K.institution) && institutionId === null) return null;
  return {
    serial,
    planId,
    occupation,
    level: LEVELS[levelIndex]!,
    amountFen,
    issueDate,
    expiryDate: plusDays(issueDate, days as number),
    institutionId,
    holderName,
    idLast4,
    idHash,
    binding: salt ? { kind: 'salted', salt } : { kind: 'mac' },
  };
}
