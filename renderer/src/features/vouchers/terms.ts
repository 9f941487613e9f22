import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import type { Institution } from '../../../../shared/contract/schemas/catalog';

export interface TermsValues {
  planId?: number;
  occupationCode?: string;
  level?: SkillLevelCode;
  institutionId?: number | null;
  fundSource?: string;
  validityDays?: number | null;
}

export interface Terms {
  planId: number;
  occupationCode: string;
  level: SkillLevelCode;
  institutionId: number | null;
  fundSource: string;
  validityDays?: number;
}

/** The order Enter walks through the terms. */
export const TERMS_ORDER = ['planId', 'occupationCode', 'level', 'institutionId', 'fundSource', 'validityDays'];

/** Complete terms as the server takes them, or null while a required one is missing. */
export function termsOf(v: TermsValues | undefined): Terms | null {
  if (!v?.planId || !v.occupationCode || !v.level || !v.fundSource) return null;
  return {
    planId: v.planId,
    occupationCode: v.occupationCode,
    level: v.level,
    institutionId: v.institutionId ?? null,
    fundSource: v.fundSource,
    ...(v.validityDays ? { validityDays: v.validityDays } : {}),
  };
}

/** A stable string for "these terms", empty while incomplete. */
export const termsKey = (v: TermsValues | undefined) => {
  const t = termsOf(v);
  return t ? JSON.stringify(t) : '';
};

/** Active institutions approved for the occupation and level (either may still be unset). */
export function approvedInstitutions(list: Institution[], occupationCode?: string, level?: string): Institution[] {
  return list.filter(
    (i) =>
      i.status === 'active' &&
      i.approvals.some(
        (a) => (!occupationCode || a.occupationCode === occupationCode) && (!level || a.level === level),
      ),
  );
}
