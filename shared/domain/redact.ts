// 审计日志中的个人信息: the audit log keeps an ID number or a mobile phone only as its mask and a
// keyed fingerprint (an HMAC whose key is kept outside the database file). The fingerprint answers
// "was it this number?" and shows that a number changed; neither it nor the mask gives the number
// back. A birth date beside a mask would give back the 8 hidden digits, so only its year is kept.
import { checkCharFor, normalizeIdNumber } from './idNumber';
import { maskIdNumber, maskPhone } from './mask';

/** The install's keyed fingerprint of a normalised value (`InstallSecrets.fingerprint`). */
export type Fingerprint = (normalized: string) => string;

/** The key holding a value's fingerprint beside it: `idNumber` → `idNumberFp`. */
export const fpKey = (key: string) => `${key}Fp`;

const ID_KEYS = new Set(['idNumber', 'id_number']);
const PHONE_KEY = /phone|mobile/i;
const BIRTH_KEYS = new Set(['birthDate', 'birth_date']);
const FULL_ID = /^(\d{17}[\dX]|\d{15})$/;
const MOBILE = /^1[3-9]\d{9}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Inside free text (a reason typed by a clerk, an error message): a number standing on its own,
// not a run of digits inside a hash or a serial.
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/** A full ID number as the fingerprint is taken of it, or null when `raw` is not one. */
export function fullIdNumber(raw: string): string | null {
  const n = normalizeIdNumber(raw);
  return FULL_ID.test(n) ? n : null;
}

/** A mobile number as the fingerprint is taken of it, or null when `raw` is not one. */
export function fullMobile(raw: string): string | null {
  const n = raw.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return MOBILE.test(n) ? n : null;
}

const PROVINCE = /^([1-6][0-9]|71|81|82)$/;
const validDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * Whether a run of digits in free text is an ID number (province, birth date, check character)
 * rather than a payment reference or a certificate number, which the audit trail must keep.
 */
function looksLikeIdNumber(id: string): boolean {
  if (!PROVINCE.test(id.slice(0, 2))) return false;
  if (id.length === 15)
    return validDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
  const y = Number(id.slice(6, 10));
  return y >= 1900 && validDate(y, Number(id.slice(10, 12)), Number(id.slice(12, 14))) && checkCharFor(id) === id[17];
}

/** Free text with every standalone ID number and mobile number in it masked. */
export function redactText(text: string): string {
  if (!/\d{11}/.test(text)) return text;
  return text
    .replace(ID_IN_TEXT, (raw) => {
      const id = raw.toUpperCase();
      return looksLikeIdNumber(id) ? maskIdNumber(id) : raw;
    })
    .replace(MOBILE_IN_TEXT, (phone) => maskPhone(phone));
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` (an audit row's before or after) fit to be stored and shown: ID numbers and
 * mobile numbers under their usual keys become mask + fingerprint, birth dates become the year,
 * and numbers inside any other text are masked. Masked input comes out unchanged, so rows
 * written by this version and rows written in clear by older ones read the same.
 */
export function redactPersonal(value: unknown, fp: Fingerprint): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, fp));
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return redactPersonal(json.call(value), fp);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && ID_KEYS.has(k) && fullIdNumber(v)) {
      const n = fullIdNumber(v)!;
      out[k] = maskIdNumber(n);
      out[fpKey(k)] = fp(n);
    } else if (typeof v === 'string' && PHONE_KEY.test(k) && fullMobile(v)) {
      const n = fullMobile(v)!;
      out[k] = maskPhone(n);
      out[fpKey(k)] = fp(n);
    } else if (k.endsWith('Fp')) {
      out[k] = v; // a fingerprint already
    } else if (typeof v === 'string' && BIRTH_KEYS.has(k) && ISO_DATE.test(v)) {
      out.birthYear ??= Number(v.slice(0, 4));
    } else {
      out[k] = redactPersonal(v, fp);
    }
  }
  return out;
}
