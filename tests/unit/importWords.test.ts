// The header words and values townships use, read through the one list in importWords.
import { describe, expect, it } from 'vitest';
import { WORKER_COLUMNS } from '../../electron/services/excel/workerColumns';
import {
  codeForValue,
  fieldForHeader,
  ignoredHeaderNote,
  townshipAliases,
  townshipCode,
  townshipInText,
} from '../../electron/services/excel/importWords';
import { headerSignature } from '../../electron/services/excel/headerMap';

const TOWNSHIPS = [
  { code: '530523101', name: '龙山镇' },
  { code: '530523102', name: '镇安镇' },
  { code: '530523207', name: '木城彝族傈僳族乡' },
];

describe('importWords', () => {
  it('reads the template’s own headers, with or without the 必填 star', () => {
    for (const c of WORKER_COLUMNS) {
      expect(fieldForHeader(c.header)).toBe(c.field);
      expect(fieldForHeader(`${c.header}*`)).toBe(c.field);
    }
  });

  it('reads the words townships write, whatever the brackets, spaces and notes', () => {
    const cases: [string, string | null][] = [
      ['身份证号', 'idNumber'],
      ['身份证号码', 'idNumber'],
      ['公民身份号码', 'idNumber'],
      ['证件号码', 'idNumber'],
      ['身份证号码（18位）', 'idNumber'],
      ['手机', 'phone'],
      ['手机号', 'phone'],
      ['联系电话', 'phone'],
      ['联系方式', 'phone'],
      ['乡镇', 'townshipCode'],
      ['所在乡镇', 'townshipCode'],
      ['乡（镇）', 'townshipCode'],
      ['乡(镇)', 'townshipCode'],
      ['村', 'village'],
      ['村（社区）', 'village'],
      ['所在村', 'village'],
      ['姓  名', 'name'],
      ['民族', 'ethnicity'],
      ['学历', 'education'],
      ['户籍性质', 'householdType'],
      ['就业状态', 'employmentStatus'],
      ['人员类别', 'targetGroups'],
      ['家庭住址', 'address'],
      ['住址', 'address'],
      ['1.姓名', 'name'],
      ['序号', null],
      ['培训工种', null],
    ];
    for (const [header, field] of cases) expect([header, fieldForHeader(header)]).toEqual([header, field]);
    expect(ignoredHeaderNote('性别')).toBe('由身份证号推算');
  });

  it('reads values as townships write them', () => {
    expect(codeForValue('education', '本科')).toBe('bachelor');
    expect(codeForValue('education', '大专')).toBe('college');
    expect(codeForValue('householdType', '农业')).toBe('agricultural');
    expect(codeForValue('householdType', '城镇户口')).toBe('non_agricultural');
    expect(codeForValue('employmentStatus', '外出务工')).toBe('employed');
    expect(codeForValue('targetGroups', '脱贫户')).toBe('poverty_alleviated');
    expect(codeForValue('ethnicity', '彝')).toBe('彝族');
    expect(codeForValue('ethnicity', '傈僳族')).toBe('傈僳族');
    expect(codeForValue('ethnicity', '火星族')).toBeUndefined();
    expect(codeForValue('householdType', '城里')).toBeUndefined();
  });

  it('knows a township without 镇/乡, with the county in front or spaces in it', () => {
    const a = townshipAliases(TOWNSHIPS);
    expect(townshipCode(a, '龙山')).toBe('530523101');
    expect(townshipCode(a, '龙 山 镇')).toBe('530523101');
    expect(townshipCode(a, '龙陵县镇安镇')).toBe('530523102');
    expect(townshipCode(a, '木城')).toBe('530523207');
    expect(townshipCode(a, '木城乡')).toBe('530523207');
    expect(townshipCode(a, '530523207')).toBe('530523207');
    expect(townshipCode(a, '火星镇')).toBeUndefined();
    expect(townshipInText(a, '填报单位：龙山镇人民政府')).toBe('530523101');
    expect(townshipInText(a, '龙山镇、镇安镇汇总')).toBeUndefined();
  });

  it('gives the same signature to the same headers written differently', () => {
    expect(headerSignature(['序号', '姓名', '乡（镇）', ''])).toBe(headerSignature(['序号', '姓 名', '乡(镇)']));
    expect(headerSignature(['姓名', '身份证号'])).not.toBe(headerSignature(['身份证号', '姓名']));
  });
});
