// What the demo's eight months look like: four training institutions, their training terms (期)
// with the classes of each, and the bureau's monthly settlement rounds. Days count from the
// demo's first day; the last day is today.
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';

/** Days from the first day of the demo to today. */
export const SPAN_DAYS = 240;

export interface InstitutionSpec {
  code: string;
  name: string;
  nature: 'public' | 'private' | 'enterprise' | 'school';
  township: string;
  /**
   * Townships within 40 km of the institution (the 异地核销 anomaly rule's distance): its trainees
   * come from these, so the anomaly list shows only what a bureau would want to look at.
   */
  serves: string[];
}

export const INSTITUTIONS: InstitutionSpec[] = [
  {
    code: 'LL-PX-001',
    name: '龙陵县职业技能培训学校',
    nature: 'public',
    township: '530523101',
    serves: ['101', '102', '103', '104', '105', '201', '203', '204', '206'],
  },
  {
    code: 'LL-PX-002',
    name: '龙陵县云岭茶业技能培训中心',
    nature: 'enterprise',
    township: '530523103',
    serves: ['101', '103', '104', '105', '203', '206', '207'],
  },
  {
    code: 'LL-PX-003',
    name: '保山市林草生态职业培训学校龙陵分校',
    nature: 'school',
    township: '530523201',
    serves: ['101', '102', '104', '201', '203', '204'],
  },
  {
    code: 'LL-PX-004',
    name: '龙陵县电商创业服务中心',
    nature: 'private',
    township: '530523101',
    serves: ['101', '102', '103', '104', '105', '201', '203', '204', '206'],
  },
].map((i) => ({ ...i, serves: i.serves.map((t) => `530523${t}`) }) as InstitutionSpec);

export interface ClassSpec {
  occupation: string;
  occupationName: string;
  level: SkillLevelCode;
  plan: string;
  /** Issued in one batch (voucher:issueBatch): the forestry bureau sends its list of rangers. */
  batch?: boolean;
  /** Part of the class are earlier trainees moving up from this occupation and level. */
  from?: SkillLevelCode;
}

export interface TermSpec {
  key: string;
  /** The first class day (and enrolment). */
  day: number;
  institution: string;
  classes: ClassSpec[];
}

const c = (occupation: string, occupationName: string, level: SkillLevelCode, plan: string, more = {}) =>
  ({ occupation, occupationName, level, plan, ...more }) as ClassSpec;

const ELDERLY = '4-10-01-05';
const COOK = '4-03-02-01';
const ELECTRICIAN = '6-31-01-03';
const RANGER = '5-02-02-01';
const TEA = '6-02-06-01';
const TEA_TASTER = '6-02-06-03';

/**
 * In the order the demo fills them when it has few workers (--workers 60 still shows every voucher
 * state): the first term ends settled, the last is in training today, the next completed and
 * awaiting certificates, the next certified in the batch waiting for review, then the forestry
 * batch, completed and in the batch approved but not yet paid.
 */
export const TERMS: TermSpec[] = [
  {
    key: 'T1',
    day: 30,
    institution: 'LL-PX-001',
    classes: [
      c(ELDERLY, '养老护理员', 'L5', 'elderly_care'),
      c(COOK, '中式烹调师', 'L5', 'skills_upgrade'),
      c(ELECTRICIAN, '电工', 'L4', 'skills_upgrade'),
    ],
  },
  {
    key: 'T12',
    day: 237,
    institution: 'LL-PX-001',
    classes: [
      c(ELDERLY, '养老护理员', 'L4', 'elderly_care', { from: 'L5' }),
      c(COOK, '中式烹调师', 'L5', 'skills_upgrade'),
    ],
  },
  {
    key: 'T11',
    day: 218,
    institution: 'LL-PX-001',
    classes: [
      c(ELDERLY, '养老护理员', 'L5', 'elderly_care'),
      c(ELECTRICIAN, '电工', 'L3', 'skills_upgrade', { from: 'L4' }),
    ],
  },
  {
    key: 'T9',
    day: 207,
    institution: 'LL-PX-004',
    classes: [c('4-01-02-07', '互联网营销师', 'L5', 'ecommerce'), c('S-001', '创业培训', 'syb', 'malan_flower')],
  },
  {
    key: 'T10',
    day: 222,
    institution: 'LL-PX-003',
    classes: [c(RANGER, '护林员', 'L5', 'eco_guard', { batch: true })],
  },
  {
    key: 'T5',
    day: 100,
    institution: 'LL-PX-001',
    classes: [
      c(ELDERLY, '养老护理员', 'L4', 'elderly_care', { from: 'L5' }),
      c('4-14-01-03', '健康照护师', 'L5', 'elderly_care'),
      c(ELECTRICIAN, '电工', 'L3', 'skills_upgrade', { from: 'L4' }),
    ],
  },
  {
    key: 'T3',
    day: 60,
    institution: 'LL-PX-002',
    classes: [
      c(TEA, '茶叶加工工', 'L5', 'yunpin_craftsman'),
      c(TEA_TASTER, '评茶员', 'L4', 'yunpin_craftsman'),
      c('4-03-02-07', '茶艺师', 'special', 'rural_skills'),
    ],
  },
  {
    key: 'T7',
    day: 158,
    institution: 'LL-PX-001',
    classes: [
      c(COOK, '中式烹调师', 'L4', 'skills_upgrade', { from: 'L5' }),
      c('4-03-02-02', '中式面点师', 'L5', 'skills_upgrade'),
      c(ELDERLY, '养老护理员', 'L5', 'elderly_care'),
    ],
  },
  {
    key: 'T2',
    day: 44,
    institution: 'LL-PX-003',
    classes: [
      c(RANGER, '护林员', 'L5', 'eco_guard', { batch: true }),
      c('5-02-03-02', '林草有害生物防治员', 'L5', 'eco_guard'),
    ],
  },
  {
    key: 'T4',
    day: 86,
    institution: 'LL-PX-004',
    classes: [c('4-01-02-02', '电子商务师', 'L5', 'skills_upgrade'), c('S-001', '创业培训', 'syb', 'malan_flower')],
  },
  {
    key: 'T6',
    day: 128,
    institution: 'LL-PX-003',
    classes: [
      c('5-02-03-05', '森林消防员', 'L5', 'eco_guard', { batch: true }),
      c('5-05-02-02', '农作物植保员', 'L4', 'rural_skills'),
    ],
  },
  {
    key: 'T8',
    day: 172,
    institution: 'LL-PX-002',
    classes: [
      c(TEA_TASTER, '评茶员', 'L3', 'yunpin_craftsman', { from: 'L4' }),
      c(TEA, '茶叶加工工', 'L4', 'yunpin_craftsman', { from: 'L5' }),
    ],
  },
];

/**
 * How many terms run for a number of workers: at least five (every voucher state), all twelve from
 * about 500 workers. Each term costs its operator two password checks a class day, whatever its size.
 */
export function termCount(workers: number): number {
  return Math.min(TERMS.length, Math.max(5, 4 + Math.ceil(workers / 60)));
}

/**
 * Settlement rounds, on the working day on or before these days: a clerk prepares a batch per
 * institution; a reviewer approves three days later; the clerk records the treasury's payment at the
 * next round. The last two are still open today: one approved and not yet paid, one waiting for its
 * review.
 */
export const ROUNDS = [70, 110, 150, 190, 225, SPAN_DAYS - 6, SPAN_DAYS - 1];
/** The round whose first batch the reviewer returns (退回) once, to show the resubmission. */
export const RETURNED_ROUND = 110;
/** From this round's review on, the reviewer records one recovery (追回) on a paid voucher. */
export const RECOVERY_ROUND = 150;

/** A class day: 08:00–18:00 counts 10 hours (a session counts at most 12). */
export const CLASS_DAY = { start: 8, end: 18, hours: 10 };
/** Certificates come from the assessment body this many days after the last class day. */
export const CERTIFICATE_DELAY = 25;

export const CERTIFICATE_TYPE: Record<string, 'skill_level' | 'special_ability' | 'entrepreneurship'> = {
  L5: 'skill_level',
  L4: 'skill_level',
  L3: 'skill_level',
  special: 'special_ability',
  syb: 'entrepreneurship',
};

export const REVOKE_REASONS = [
  '持券人外出务工，自愿放弃培训',
  '登记信息有误，经持券人申请作废',
  '持券人因病无法参加培训',
  '持券人已参加单位组织的同类培训，申请作废',
];
