import { describe, expect, it } from 'vitest';
import { checkIdNumber, normalizeIdNumber, type IdCheck } from '../../shared/domain/idNumber';
import { makeId, withWrongCheck } from '../fixtures/ids';

const today = new Date('2026-11-29T12:00:00');
const check = (id: string, opts = {}) => checkIdNumber(id, { today, ...opts });
const failure = (r: IdCheck) => {
  if (r.ok) throw new Error(`expected a failure, got ${r.idNumber}`);
  return r;
};

describe('GB 11643 ID numbers', () => {
  it('accepts a published example and derives birth date, gender and region', () => {
    // The worked example of GB 11643-1999 (appendix): 11010519491231002X.
    const r = check('11010519491231002X');
    expect(r).toMatchObject({ ok: true, birthDate: '1949-12-31', gender: 'F', region: '北京市朝阳区' });
  });

  it('derives male from an odd sequence digit and names Longling county', () => {
    const r = check(makeId('530523', '19851010', 123));
    expect(r).toMatchObject({ ok: true, gender: 'M', birthDate: '1985-10-10', region: '云南省保山市龙陵县' });
  });

  it('accepts a lower-case x, full-width digits and spaces', () => {
    const id = '11010519491231002X';
    expect(check(id.toLowerCase()).ok).toBe(true);
    expect(check('１１０１０５ 1949 1231 002ｘ').ok).toBe(true);
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe(id);
  });

  it('names the right check character when it is wrong, including X', () => {
    const r = failure(check('110105194912310021'));
    expect(r.code).toBe('CHECK_DIGIT');
    expect(r.message).toContain('校验位应为 X');
    const good = makeId('530523', '19900101', 124);
    const bad = failure(check(withWrongCheck(good)));
    expect(bad.message).toContain(`校验位应为 ${good[17]}`);
  });

  it('refuses X anywhere but the last place', () => {
    const r = failure(check('1101051949123100X2'));
    expect(r.code).toBe('FORMAT');
    expect(r.message).toContain('第 17 位');
  });

  it('accepts 29 February in a leap year and refuses it otherwise', () => {
    expect(check(makeId('530523', '20000229', 11)).ok).toBe(true); // divisible by 400
    expect(check(makeId('530523', '19960229', 11)).ok).toBe(true);
    const r1900 = failure(check(makeId('530523', '19000229', 11)));
    expect(r1900.message).toContain('1900 年不是闰年');
    const r = failure(check(makeId('530523', '19990229', 11)));
    expect(r.code).toBe('BIRTH_INVALID');
    expect(r.message).toContain('1999 年不是闰年，2 月没有 29 日');
  });

  it('refuses impossible dates, with the month length', () => {
    expect(failure(check(makeId('530523', '19900431', 11))).message).toContain('4 月只有 30 天');
    expect(failure(check(makeId('530523', '19901301', 11))).message).toContain('月份应为 01–12');
  });

  it('refuses a birth date after today but accepts today', () => {
    const r = failure(check(makeId('530523', '20261130', 11)));
    expect(r.code).toBe('BIRTH_FUTURE');
    expect(check(makeId('530523', '20261129', 11)).ok).toBe(true);
  });

  it('refuses unknown province and county codes, and accepts an old county code when confirmed', () => {
    expect(failure(check(makeId('990101', '19900101', 11))).code).toBe('ADDRESS_PROVINCE');
    const unlisted = makeId('530599', '19900101', 11);
    const r = failure(check(unlisted));
    expect(r.code).toBe('ADDRESS_UNKNOWN');
    expect(r.message).toContain('530599');
    const ok = check(unlisted, { allowUnlistedAddress: true });
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.region).toBeUndefined();
  });

  it('accepts prefecture codes without counties (东莞) and residence permits (香港)', () => {
    expect(check(makeId('441900', '19900101', 11))).toMatchObject({ ok: true, region: '广东省东莞市' });
    expect(check(makeId('810000', '19900101', 11))).toMatchObject({ ok: true, region: '香港特别行政区' });
  });

  it('converts a valid 15-digit number to 18 digits', () => {
    // 15 digits: 530523 + 850101 + 123 → 530523 19850101 123 + check
    const r = check('530523850101123');
    expect(r).toMatchObject({
      ok: true,
      idNumber: makeId('530523', '19850101', 123),
      convertedFrom: '530523850101123',
    });
  });

  it('refuses a 15-digit number with a bad date or letters, and other lengths', () => {
    expect(failure(check('530523850230123')).message).toContain('1985 年 2 月只有 28 天');
    expect(failure(check('53052385010112X')).code).toBe('FORMAT');
    const r = failure(check('5305231985'));
    expect(r.code).toBe('LENGTH');
    expect(r.message).toContain('当前为 10 位');
    expect(failure(check('')).code).toBe('EMPTY');
  });

  it('refuses letters in the first 17 places, naming the place', () => {
    const r = failure(check('53052319A0010112X3'));
    expect(r.message).toContain('第 9 位“A”不是数字');
  });
});
