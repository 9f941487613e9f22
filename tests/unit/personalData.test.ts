import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from '../../shared/domain/mask';
import { checkPersonName } from '../../shared/domain/personName';
import { checkMobilePhone } from '../../shared/domain/phone';

describe('masking', () => {
  it('masks ID numbers as 530523********1234', () => {
    expect(maskIdNumber('530523199001011234')).toBe('530523********1234');
  });
  it('masks phones and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBe('');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
  });
});

describe('mobile phones', () => {
  it('accepts 11-digit mobiles, with +86 and separators', () => {
    expect(checkMobilePhone('138 1234 5678')).toEqual({ ok: true, phone: '13812345678' });
    expect(checkMobilePhone('+8613812345678')).toEqual({ ok: true, phone: '13812345678' });
  });
  it('says what is wrong', () => {
    expect(checkMobilePhone('1381234567')).toEqual({ ok: false, message: '手机号码应为 11 位，当前为 10 位' });
    expect(checkMobilePhone('23812345678')).toMatchObject({ ok: false, message: '手机号码应以 13–19 开头' });
    expect(checkMobilePhone('1381234567a')).toMatchObject({ ok: false, message: '手机号码只能包含数字' });
  });
});

describe('person names', () => {
  it('keeps rare characters and the middle dot', () => {
    expect(checkPersonName(' 刘䶮 ')).toEqual({ ok: true, name: '刘䶮' });
    expect(checkPersonName('阿依古丽.买买提')).toEqual({ ok: true, name: '阿依古丽·买买提' });
    expect(checkPersonName('𠮷田')).toEqual({ ok: true, name: '𠮷田' });
  });
  it('refuses digits, symbols and empty names', () => {
    expect(checkPersonName('张3')).toMatchObject({ ok: false, message: '姓名中不能有数字' });
    expect(checkPersonName('张@')).toMatchObject({ ok: false });
    expect(checkPersonName('  ')).toMatchObject({ ok: false, message: '请输入姓名' });
  });
});
