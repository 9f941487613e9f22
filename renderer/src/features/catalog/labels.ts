import { SKILL_LEVELS, skillLevel } from '../../../../shared/catalog/skillLevels';
import type { Institution, Occupation, Plan } from '../../../../shared/contract/schemas/catalog';
import { labelMatches } from '../../../../shared/domain/pinyin';

export const PLAN_KIND_LABELS: Record<Plan['kind'], string> = { training: '职业技能培训', talent: '人才培养' };
export const PAYS_ON_LABELS: Record<Plan['paysOn'], string> = { completed: '结业后结算', certified: '取证后结算' };

export const NATURE_LABELS: Record<Institution['nature'], string> = {
  public: '公办',
  private: '民办',
  enterprise: '企业',
  school: '院校',
};

export const INSTITUTION_STATUS_LABELS: Record<Institution['status'], string> = {
  active: '正常',
  suspended: '暂停',
};

export const LEVEL_OPTIONS = SKILL_LEVELS.map((l) => ({ value: l.code, label: l.label }));

export function levelLabel(code: string): string {
  return skillLevel(code)?.label ?? code;
}

/** 养老护理员（4-10-01-05） */
export function occupationLabel(o: Pick<Occupation, 'code' | 'name'>): string {
  return `${o.name}（${o.code}）`;
}

export function labelOptions<K extends string>(labels: Record<K, string>) {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}

/**
 * Every searchable drop-down: the typed text in the label, or its pinyin (full, initials or mixed:
 * ls → 龙山镇, yang → 养老护理员, cz → 茶…). Labels that are not text (an element) match by nothing.
 */
export const searchByLabel = {
  filterOption: (input: string, option?: { label?: unknown }) =>
    typeof option?.label === 'string' && labelMatches(option.label, input),
};
