// Synthetic people for the demo: names, ID numbers, phones and the registration form a clerk fills
// in. Deterministic for a seed, so two runs with the same seed give the same workers.
import type { ChannelInput } from '../../../../shared/contract/channels';
import { EDUCATIONS } from '../../../../shared/catalog/workerOptions';
import type { TargetGroupCode } from '../../../../shared/catalog/workerOptions';
import { checkCharFor } from '../../../../shared/domain/idNumber';

/** A small linear congruential generator: enough for synthetic data, and the same for a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s * 1664525 + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

const SURNAMES = '李王张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董段晏'.split('');
// Rare characters (䶮, 龑, 堃) are kept on purpose: they exercise the fonts of the PDFs.
const GIVEN = '伟芳娜敏静丽强磊洋艳勇军杰娟涛明超华䶮龑堃淼昇'
  .split('')
  .concat(['秀英', '玉兰', '建国', '春梅', '志强', '海燕']);
const VILLAGES = ['白塔村', '勐冒村', '松山村', '大坝村', '平达村', '河头村', '邦迈村', '镇东村'];
// 龙陵县's peoples besides 汉族 (傣族, 傈僳族, 德昂族, 阿昌族 …), rather than all 56.
const LOCAL_PEOPLES = ['傣族', '傈僳族', '德昂族', '阿昌族', '彝族', '白族', '回族'] as const;
const COMMON_GROUPS: TargetGroupCode[] = [
  'rural_labor',
  'rural_labor',
  'poverty_alleviated',
  'low_income',
  'migrant_worker',
  'unemployed',
  'veteran',
  'disabled',
];

export interface Person {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  townshipCode: string;
  groups: TargetGroupCode[];
  employmentStatus: 'employed' | 'flexible' | 'farming' | 'unemployed' | 'other';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Makes people with unique ID numbers of 龙陵县 (530523), of working age for the whole demo. */
export class People {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  /**
   * Aged 19–53 (women) or 19–58 (men) at `on`: eligible (16–55 / 16–60) from the first issuance to
   * the last redemption, which are checked again months apart.
   */
  make(on: Date, townshipCode: string, groups: TargetGroupCode[] = []): Person {
    const r = this.rng;
    const gender = r.chance(0.5) ? 'M' : 'F';
    const age = r.int(19, gender === 'M' ? 58 : 53);
    const year = on.getFullYear() - age - 1;
    const birthDate = `${year}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
    let first17: string;
    do {
      // The 17th digit is odd for men and even for women (GB 11643).
      const seq = r.int(0, 49) * 20 + r.int(0, 4) * 2 + (gender === 'M' ? 1 : 0);
      first17 = `530523${birthDate.replaceAll('-', '')}${pad(seq, 3)}`;
    } while (this.used.has(first17));
    this.used.add(first17);
    const primary = groups.length ? [] : [r.pick(COMMON_GROUPS)];
    return {
      idNumber: first17 + checkCharFor(first17),
      name: r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.5) ? r.pick(GIVEN) : ''),
      gender,
      birthDate,
      townshipCode,
      groups: [...new Set([...groups, ...primary])],
      employmentStatus: r.pick(['farming', 'farming', 'flexible', 'unemployed', 'employed', 'other'] as const),
    };
  }
}

/** The registration form as a clerk fills it in (worker:create). */
export function registrationForm(r: Rng, p: Person): ChannelInput<'worker:create'> {
  return {
    idNumber: p.idNumber,
    name: p.name,
    ethnicity: r.chance(0.75) ? '汉族' : r.pick(LOCAL_PEOPLES),
    education: r.pick(EDUCATIONS.filter((e) => e.code !== 'postgraduate')).code,
    phone: `1${r.pick(['3', '5', '8', '9'])}${pad(r.int(0, 999_999_999), 9)}`,
    townshipCode: p.townshipCode,
    village: r.pick(VILLAGES),
    address: `${r.pick(VILLAGES)}${r.int(1, 9)}组`,
    householdType: r.chance(0.8) ? 'agricultural' : 'non_agricultural',
    employmentStatus: p.employmentStatus,
    targetGroups: p.groups,
  };
}
