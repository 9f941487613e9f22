// 公民身份号码 per GB 11643-1999: 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
import { countyName, isKnownProvince } from '../catalog/regions';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdErrorCode =
  | 'EMPTY'
  | 'LENGTH'
  | 'FORMAT'
  | 'ADDRESS_PROVINCE'
  | 'ADDRESS_UNKNOWN'
  | 'BIRTH_INVALID'
  | 'BIRTH_FUTURE'
  | 'BIRTH_TOO_OLD'
  | 'CHECK_DIGIT';

export interface IdInfo {
  ok: true;
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
  addressCode: string;
  /** County name from the division table; absent when the clerk accepted an unlisted code. */
  region?: string;
  /** Set when a 15-digit number was converted to 18 digits. */
  convertedFrom?: string;
}

export interface IdError {
  ok: false;
  code: IdErrorCode;
  message: string;
}

export type IdCheck = IdInfo | IdError;

export interface IdCheckOptions {
  today?: Date;
  /**
   * Address codes abolished since an ID was issued are still valid on that ID, but
   * the division table only lists current codes; the clerk confirms such codes explicitly.
   */
  allowUnlistedAddress?: boolean;
}

/** Full-width digits and a lower-case x are common from Chinese IMEs; accept them. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X');
}

export function checkCharFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function fail(code: IdErrorCode, message: string): IdError {
  return { ok: false, code, message };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function checkBirth(yyyymmdd: string, today: Date): IdError | string {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const shown = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (m < 1 || m > 12) return fail('BIRTH_INVALID', `出生日期 ${shown} 无效：月份应为 01–12`);
  if (d < 1 || d > daysIn(y, m)) {
    const why = m === 2 && d === 29 ? `${y} 年不是闰年，2 月没有 29 日` : `${y} 年 ${m} 月只有 ${daysIn(y, m)} 天`;
    return fail('BIRTH_INVALID', `出生日期 ${shown} 不存在：${why}`);
  }
  if (y < 1900) return fail('BIRTH_TOO_OLD', `出生日期 ${shown} 早于 1900 年，请核对`);
  const todayStr = localDate(today);
  if (shown > todayStr) return fail('BIRTH_FUTURE', `出生日期 ${shown} 晚于今天（${todayStr}），请核对`);
  return shown;
}

export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function checkIdNumber(raw: string, opts: IdCheckOptions = {}): IdCheck {
  const today = opts.today ?? new Date();
  let id = normalizeIdNumber(raw ?? '');
  if (id === '') return fail('EMPTY', '请输入公民身份号码');
  let convertedFrom: string | undefined;

  if (id.length === 15) {
    if (!/^\d{15}$/.test(id)) return fail('FORMAT', '15 位旧身份证号码应全部为数字');
    const birth = checkBirth(`19${id.slice(6, 12)}`, today);
    if (typeof birth !== 'string') return birth;
    convertedFrom = id;
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    id = first17 + checkCharFor(first17);
  }
  if (id.length !== 18) {
    return fail('LENGTH', `公民身份号码应为 18 位（旧号码为 15 位），当前为 ${id.length} 位`);
  }
  const badAt = [...id.slice(0, 17)].findIndex((c) => c < '0' || c > '9');
  if (badAt >= 0) return fail('FORMAT', `第 ${badAt + 1} 位“${id[badAt]}”不是数字：前 17 位必须是数字`);
  if (!/[0-9X]/.test(id[17]!)) return fail('FORMAT', `第 18 位“${id[17]}”无效：校验位只能是数字或 X`);

  const addressCode = id.slice(0, 6);
  if (!isKnownProvince(addressCode.slice(0, 2))) {
    return fail('ADDRESS_PROVINCE', `地址码前两位“${addressCode.slice(0, 2)}”不是有效的省级行政区代码`);
  }
  const region = countyName(addressCode);
  if (!region && !opts.allowUnlistedAddress) {
    return fail(
      'ADDRESS_UNKNOWN',
      `地址码“${addressCode}”不在现行行政区划代码表中；如为已撤销的旧地址码，请核对身份证后勾选“确认旧地址码”`,
    );
  }

  const birth = checkBirth(id.slice(6, 14), today);
  if (typeof birth !== 'string') return birth;

  const expected = checkCharFor(id.slice(0, 17));
  if (expected !== id[17]) {
    return fail('CHECK_DIGIT', `校验位应为 ${expected}（号码末位为 ${id[17]}），请核对号码是否录错`);
  }
  return {
    ok: true,
    idNumber: id,
    birthDate: birth,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    addressCode,
    ...(region ? { region } : {}),
    ...(convertedFrom ? { convertedFrom } : {}),
  };
}

/** Age in whole years on the given date. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** An ISO instant as local "YYYY-MM-DD HH:mm" for messages. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDate(d)} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
