// The eligibility rules of a subsidised training, checked at issuance and again at redemption.
// Every refusal names its rule, so the clerk can tell the worker exactly why.
import type { Plan } from '../../../shared/contract/schemas/catalog';
import type { RuleRefusal } from '../../../shared/contract/schemas/voucher';
import { pendingText, type WorkerDetail } from '../../../shared/contract/schemas/worker';
import { skillLevel, type SkillLevelCode } from '../../../shared/catalog/skillLevels';
import { labelOf, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import { ageOn, checkIdNumber } from '../../../shared/domain/idNumber';
import type { Queryable } from '../../db/driver/types';
import { findStandard, getInstitution, getOccupation, getPlan, isApproved } from '../../db/repos/catalog.repo';
import { liveVouchersOf, type LiveVoucher } from '../../db/repos/voucher.repo';
import { getSettings } from '../../db/repos/settings.repo';

export interface Terms {
  planId: number;
  occupationCode: string;
  level: SkillLevelCode;
  institutionId: number | null;
}

export interface RuleSettings {
  ageMin: number;
  ageMaxMale: number;
  ageMaxFemale: number;
  maxPerYear: number;
}

export async function ruleSettings(db: Queryable): Promise<RuleSettings> {
  const s = await getSettings(db);
  return {
    ageMin: s.ruleAgeMin,
    ageMaxMale: s.ruleAgeMaxMale,
    ageMaxFemale: s.ruleAgeMaxFemale,
    maxPerYear: s.ruleMaxPerYear,
  };
}

export const RULE_NAMES = {
  PENDING: '信息待补充',
  ID: '身份证号',
  AGE: '年龄条件',
  PLAN: '培训计划',
  PLAN_GROUP: '适用人群',
  OCCUPATION: '职业目录',
  STANDARD: '补贴标准',
  INSTITUTION: '定向机构',
  SAME_TRAINING: '同一职业同一等级只补贴一次',
  LOWER_LEVEL: '不得低于已补贴等级',
  YEARLY_LIMIT: '年度补贴次数',
  UNUSED_VOUCHER: '未使用的培训券',
} as const;

export type RuleCode = keyof typeof RULE_NAMES;

export interface EligibilityOutcome {
  refusals: RuleRefusal[];
  amountFen: number | null;
}

const levelLabel = (code: string) => skillLevel(code)?.label ?? code;

type Refuse = (rule: RuleCode, message: string) => void;

/** What the terms themselves allow, looked up once per batch rather than once per worker. */
export interface PreparedTerms {
  terms: Terms;
  what: string;
  plan: Plan | undefined;
  amountFen: number | null;
  termRefusals: RuleRefusal[];
}

function collector(list: RuleRefusal[]): Refuse {
  return (rule, message) =>
    list.push({ rule, ruleName: RULE_NAMES[rule], message: `【${RULE_NAMES[rule]}】${message}` });
}

export async function prepareTerms(db: Queryable, terms: Terms, today: string): Promise<PreparedTerms> {
  const termRefusals: RuleRefusal[] = [];
  const refuse = collector(termRefusals);
  const plan = await getPlan(db, terms.planId);
  if (!plan) refuse('PLAN', '所选培训计划不存在');
  else if (!plan.active) refuse('PLAN', `“${plan.name}”已停止发券`);

  const occupation = await getOccupation(db, terms.occupationCode);
  if (!occupation) refuse('OCCUPATION', `职业编码 ${terms.occupationCode} 不在职业目录中`);
  else if (!occupation.active) refuse('OCCUPATION', `“${occupation.name}”已停用`);
  const what = `${occupation?.name ?? terms.occupationCode} ${levelLabel(terms.level)}`;

  const standard = plan ? await findStandard(db, plan.id, terms.occupationCode, terms.level, today) : undefined;
  if (plan && !standard) refuse('STANDARD', `未设定 ${what} 在 ${today} 有效的补贴标准`);

  if (terms.institutionId !== null) {
    const inst = await getInstitution(db, terms.institutionId);
    if (!inst) refuse('INSTITUTION', '定向培训机构不存在');
    else if (inst.status !== 'active') refuse('INSTITUTION', `“${inst.name}”已暂停培训资格`);
    else if (!(await isApproved(db, inst.id, terms.occupationCode, terms.level)))
      refuse('INSTITUTION', `“${inst.name}”未获准开展 ${what} 培训`);
  }
  return { terms, what, plan, amountFen: standard?.amountFen ?? null, termRefusals };
}

/**
 * `today` is the date the rules are judged on; `excludeVoucherId` leaves the voucher being
 * redeemed out of the counts it would otherwise trip itself on.
 */
export async function checkEligibility(
  db: Queryable,
  worker: WorkerDetail,
  prepared: PreparedTerms,
  today: string,
  settings: RuleSettings,
  excludeVoucherId: number | null = null,
): Promise<EligibilityOutcome> {
  const live = (await liveVouchersOf(db, worker.id)).filter((v) => v.id !== excludeVoucherId);
  return judgeEligibility(worker, prepared, today, settings, live);
}

/** The rules on what is already read: the worker and their live vouchers (batch issuance reads them in bulk). */
export function judgeEligibility(
  worker: WorkerDetail,
  prepared: PreparedTerms,
  today: string,
  settings: RuleSettings,
  live: readonly LiveVoucher[],
): EligibilityOutcome {
  const refusals: RuleRefusal[] = [];
  const refuse = collector(refusals);
  const { terms, plan, what } = prepared;

  // Registered from a roster that did not say: the record is completed before any subsidy.
  if (worker.pendingFields.length)
    refuse('PENDING', `${pendingText(worker.pendingFields)}尚未填写，请先补充劳动者信息（编辑）后再发券`);

  const id = checkIdNumber(worker.idNumber, {
    allowUnlistedAddress: worker.addressCodeUnlisted,
    today: new Date(`${today}T12:00:00`),
  });
  if (!id.ok) refuse('ID', id.message);

  const age = ageOn(worker.birthDate, today);
  const max = worker.gender === 'M' ? settings.ageMaxMale : settings.ageMaxFemale;
  if (age < settings.ageMin || age > max) {
    refuse(
      'AGE',
      `${worker.gender === 'M' ? '男性' : '女性'}须年满 ${settings.ageMin} 周岁且不超过 ${max} 周岁，该劳动者 ${age} 周岁`,
    );
  }

  if (plan && plan.groups.length > 0 && !plan.groups.some((g) => worker.targetGroups.includes(g as never))) {
    refuse(
      'PLAN_GROUP',
      `“${plan.name}”仅面向${plan.groups.map((g) => labelOf(TARGET_GROUPS, g)).join('、')}，该劳动者不属于这些群体`,
    );
  }
  refusals.push(...prepared.termRefusals);

  const same = live.find((v) => v.occupation_code === terms.occupationCode && v.level === terms.level);
  if (same) refuse('SAME_TRAINING', `已于 ${same.issue_date} 领取 ${what} 培训券（券号 ${same.serial}），不能重复补贴`);

  const rank = skillLevel(terms.level)?.rank ?? 0;
  const higher =
    rank > 0
      ? live.find((v) => v.occupation_code === terms.occupationCode && (skillLevel(v.level)?.rank ?? 0) > rank)
      : undefined;
  if (higher)
    refuse(
      'LOWER_LEVEL',
      `已补贴过更高等级（${levelLabel(higher.level)}，券号 ${higher.serial}），不能再补贴${levelLabel(terms.level)}`,
    );

  const year = today.slice(0, 4);
  const thisYear = live.filter((v) => v.issue_date.startsWith(year)).length;
  if (thisYear >= settings.maxPerYear)
    refuse('YEARLY_LIMIT', `${year} 年已领取 ${thisYear} 次补贴性培训券，每年最多 ${settings.maxPerYear} 次`);

  const unused = live.find((v) => v.status === 'issued' && v.expiry_date >= today);
  if (unused)
    refuse(
      'UNUSED_VOUCHER',
      `已持有未使用的培训券（券号 ${unused.serial}，有效期至 ${unused.expiry_date}），使用或作废后才能再领`,
    );

  return { refusals, amountFen: prepared.amountFen };
}
