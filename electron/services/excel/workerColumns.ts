// The worker template: its Chinese headers and the field each fills. Rosters in other words are
// read through importWords, which knows these headers too.
import { ETHNICITIES } from '../../../shared/catalog/ethnicities';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';

export interface Column {
  header: string;
  field: string;
  required: boolean;
  width: number;
  /** Labels offered in the template's drop-down list. */
  list?: readonly string[];
}

export const WORKER_COLUMNS: Column[] = [
  { header: '姓名', field: 'name', required: true, width: 12 },
  { header: '公民身份号码', field: 'idNumber', required: true, width: 22 },
  { header: '民族', field: 'ethnicity', required: true, width: 10, list: ETHNICITIES },
  { header: '文化程度', field: 'education', required: true, width: 14, list: EDUCATIONS.map((o) => o.label) },
  { header: '手机号码', field: 'phone', required: false, width: 14 },
  { header: '乡镇', field: 'townshipCode', required: true, width: 18 },
  { header: '村（社区）', field: 'village', required: false, width: 14 },
  { header: '详细地址', field: 'address', required: false, width: 24 },
  { header: '户口性质', field: 'householdType', required: true, width: 12, list: HOUSEHOLD_TYPES.map((o) => o.label) },
  {
    header: '就业状态',
    field: 'employmentStatus',
    required: true,
    width: 12,
    list: EMPLOYMENT_STATUSES.map((o) => o.label),
  },
  { header: '重点群体', field: 'targetGroups', required: false, width: 24, list: TARGET_GROUPS.map((o) => o.label) },
];

export const TEMPLATE_NOTE =
  '填写说明：带 * 的列必填；重点群体可填多个，用“、”分隔；身份证号请设置为文本格式，以免末位或后几位被改动。';
