import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  TARGET_GROUPS,
  labelOf,
} from '../../../../shared/catalog/workerOptions';

export const GENDER_LABELS: Record<string, string> = { M: '男', F: '女' };

export function genderLabel(code: string | null | undefined): string {
  return (code && GENDER_LABELS[code]) ?? '';
}

export function targetGroupLabels(codes: readonly string[] | null | undefined): string[] {
  return (codes ?? []).map((c) => labelOf(TARGET_GROUPS, c));
}

export const toOptions = (list: readonly { code: string; label: string }[]) =>
  list.map((o) => ({ value: o.code, label: o.label }));

/** Chinese label and display of each worker field, in the order the form shows them. */
export const WORKER_FIELD_LABELS: { key: string; label: string; show: (v: unknown) => string }[] = [
  { key: 'idNumber', label: '公民身份号码', show: text },
  { key: 'name', label: '姓名', show: text },
  { key: 'gender', label: '性别', show: (v) => genderLabel(v as string) || text(v) },
  // The audit log keeps the birth year only (with the mask, the date would give the hidden digits).
  { key: 'birthYear', label: '出生年份', show: text },
  { key: 'ethnicity', label: '民族', show: text },
  { key: 'education', label: '文化程度', show: (v) => labelOf(EDUCATIONS, v as string) || text(v) },
  { key: 'phone', label: '手机号码', show: text },
  { key: 'townshipName', label: '乡镇', show: text },
  { key: 'village', label: '村（社区）', show: text },
  { key: 'address', label: '详细地址', show: text },
  { key: 'householdType', label: '户口性质', show: (v) => labelOf(HOUSEHOLD_TYPES, v as string) || text(v) },
  { key: 'employmentStatus', label: '就业状态', show: (v) => labelOf(EMPLOYMENT_STATUSES, v as string) || text(v) },
  {
    key: 'targetGroups',
    label: '重点群体',
    show: (v) => (Array.isArray(v) ? targetGroupLabels(v).join('、') : text(v)) || '（无）',
  },
  { key: 'addressCodeUnlisted', label: '旧地址码', show: (v) => (v ? '已确认' : '否') },
];

function text(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
