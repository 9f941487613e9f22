import { EMPLOYMENT_KINDS, HONOUR_RANKS, type ArchiveTraining } from '../../../../shared/contract/schemas/archive';
import { CERTIFICATE_TYPES } from '../../../../shared/contract/schemas/training';
import { labelOptions } from '../catalog/labels';

export const RESULT_LABELS: Record<NonNullable<ArchiveTraining['result']>, string> = {
  passed: '合格',
  failed: '不合格',
  unknown: '不详',
};

export const HONOUR_KIND_LABELS = { competition: '职业技能竞赛', title: '荣誉称号' } as const;

export const RANK_OPTIONS = labelOptions(HONOUR_RANKS);
export const EMPLOYMENT_OPTIONS = labelOptions(EMPLOYMENT_KINDS);
export const HONOUR_KIND_OPTIONS = labelOptions(HONOUR_KIND_LABELS);
export const RESULT_OPTIONS = labelOptions(RESULT_LABELS);

export function certificateTypeLabel(code: string): string {
  return CERTIFICATE_TYPES.find((t) => t.code === code)?.label ?? code;
}

/** 2019-03-01 至 2019-03-20; a training still under way has no end date yet. */
export function dateRange(start: string, end: string | null | undefined): string {
  return end ? `${start} 至 ${end}` : `${start} 起`;
}
