import type { AuditRow } from '../../../../shared/contract/schemas/audit';
import { fpKey } from '../../../../shared/domain/redact';
import { WORKER_FIELD_LABELS } from './labels';

export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

const ACTION_LABELS: Record<string, string> = {
  create: '登记',
  update: '修改',
  addHonour: '添加荣誉',
  addEmployment: '添加就业',
  addHistoricalTraining: '补录培训',
  addHistoricalCertificate: '补录证书',
  extract: '打印摘要',
  extractFullId: '打印摘要',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Actions that add to the archive or print it, rather than change the worker's fields. */
export function isArchiveAction(action: string): boolean {
  return action !== 'create' && action !== 'update';
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** One line for an archive action: what was added or printed. */
export function archiveActionText(row: AuditRow): string {
  const a = asRecord(row.after);
  switch (row.action) {
    case 'addHonour':
      return [str(a.name), str(a.award), str(a.year) && `${str(a.year)} 年`].filter(Boolean).join('　');
    case 'addEmployment':
      return [str(a.employer), str(a.startedOn) && `${str(a.startedOn)} 起`].filter(Boolean).join('　');
    case 'addHistoricalTraining':
      return [str(a.institutionName), `${str(a.startDate)} 至 ${str(a.endDate)}`].join('　');
    case 'addHistoricalCertificate':
      return [`证书编号 ${str(a.number)}`, str(a.issuingBody)].filter(Boolean).join('　');
    case 'extract':
      return `档案摘要 ${str(a.number)}（身份证号隐去部分）`;
    case 'extractFullId':
      return `档案摘要 ${str(a.number)}（含完整身份证号）`;
    default:
      return '';
  }
}

/** What a field is compared by: an ID number or phone by its keyed fingerprint (two numbers may share a mask). */
const compared = (r: Record<string, unknown>, key: string) => JSON.stringify(r[fpKey(key)] ?? r[key] ?? null);

/** The fields that differ between an audit row's before and after, in form order. */
export function changesOf(row: AuditRow): FieldChange[] {
  const before = asRecord(row.before);
  const after = asRecord(row.after);
  return WORKER_FIELD_LABELS.filter(({ key }) => compared(before, key) !== compared(after, key)).map(
    ({ key, label, show }) => {
      const was = show(before[key] ?? null);
      const now = show(after[key] ?? null);
      return { label, before: was, after: was === now ? `${now}（号码已更改，隐去部分不同）` : now };
    },
  );
}
