import type { AuditRow } from '../../../../shared/contract/schemas/audit';
import { WORKER_FIELD_LABELS } from './labels';

export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

const ACTION_LABELS: Record<string, string> = { create: '登记', update: '修改' };

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** The fields that differ between an audit row's before and after, in form order. */
export function changesOf(row: AuditRow): FieldChange[] {
  const before = asRecord(row.before);
  const after = asRecord(row.after);
  return WORKER_FIELD_LABELS.filter(
    ({ key }) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  ).map(({ key, label, show }) => ({ label, before: show(before[key] ?? null), after: show(after[key] ?? null) }));
}
