// Coded option lists for worker registration. The code is what the database stores;
// the label is what clerks see and what spreadsheets carry.

export interface Option<C extends string = string> {
  code: C;
  label: string;
}

function options<const T extends readonly Option[]>(list: T): T {
  return list;
}

export const EDUCATIONS = options([
  { code: 'postgraduate', label: '研究生' },
  { code: 'bachelor', label: '大学本科' },
  { code: 'college', label: '大学专科' },
  { code: 'vocational', label: '中等职业教育' },
  { code: 'high_school', label: '普通高中' },
  { code: 'junior', label: '初中' },
  { code: 'primary', label: '小学' },
  { code: 'none', label: '未上过学' },
] as const);

export const EMPLOYMENT_STATUSES = options([
  { code: 'employed', label: '在职' },
  { code: 'flexible', label: '灵活就业' },
  { code: 'farming', label: '务农' },
  { code: 'unemployed', label: '失业/待业' },
  { code: 'student', label: '在校学生' },
  { code: 'retired', label: '退休' },
  { code: 'other', label: '其他' },
] as const);

export const HOUSEHOLD_TYPES = options([
  { code: 'agricultural', label: '农业户口' },
  { code: 'non_agricultural', label: '非农业户口' },
] as const);

export const TARGET_GROUPS = options([
  { code: 'rural_labor', label: '农村劳动力' },
  { code: 'poverty_alleviated', label: '脱贫劳动力' },
  { code: 'low_income', label: '低收入家庭劳动力' },
  { code: 'graduate', label: '高校毕业生' },
  { code: 'forest_ranger', label: '生态护林员' },
  { code: 'veteran', label: '退役军人' },
  { code: 'disabled', label: '残疾人' },
  { code: 'unemployed', label: '失业人员' },
  { code: 'enterprise_employee', label: '企业职工' },
  { code: 'care_worker', label: '康养服务人员' },
  { code: 'migrant_worker', label: '农民工' },
  { code: 'returnee_entrepreneur', label: '返乡创业人员' },
] as const);

export type EducationCode = (typeof EDUCATIONS)[number]['code'];
export type EmploymentStatusCode = (typeof EMPLOYMENT_STATUSES)[number]['code'];
export type HouseholdTypeCode = (typeof HOUSEHOLD_TYPES)[number]['code'];
export type TargetGroupCode = (typeof TARGET_GROUPS)[number]['code'];

export function codesOf<T extends readonly Option[]>(list: T): [T[number]['code'], ...T[number]['code'][]] {
  return list.map((o) => o.code) as [T[number]['code'], ...T[number]['code'][]];
}

export function labelOf(list: readonly Option[], code: string | null | undefined): string {
  return list.find((o) => o.code === code)?.label ?? code ?? '';
}
