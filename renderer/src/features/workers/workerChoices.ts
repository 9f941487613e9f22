import type { FormInstance } from 'antd';
import { ETHNICITIES } from '../../../../shared/catalog/ethnicities';
import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  TARGET_GROUPS,
} from '../../../../shared/catalog/workerOptions';
import type { Township } from '../../../../shared/contract/schemas/settings';
import { toOptions } from './labels';
import type { Choice } from './pickTyped';
import type { WorkerFormValues } from './workerFormValues';

export const ETHNICITY_OPTIONS: Choice[] = ETHNICITIES.map((e) => ({ value: e, label: e }));
export const EDUCATION_OPTIONS = toOptions(EDUCATIONS);
export const HOUSEHOLD_OPTIONS = toOptions(HOUSEHOLD_TYPES);
export const EMPLOYMENT_OPTIONS = toOptions(EMPLOYMENT_STATUSES);
export const TARGET_GROUP_OPTIONS = toOptions(TARGET_GROUPS);
export const townshipOptions = (list: readonly Township[] | undefined): Choice[] | undefined =>
  list?.map((t) => ({ value: t.code, label: t.name }));

/** The registration form's drop-downs by field id, as the keyboard picks from them. */
export function workerChoices(townships: readonly Township[] | undefined) {
  const byId: Record<string, readonly Choice[] | undefined> = {
    ethnicity: ETHNICITY_OPTIONS,
    education: EDUCATION_OPTIONS,
    townshipCode: townshipOptions(townships),
    householdType: HOUSEHOLD_OPTIONS,
    employmentStatus: EMPLOYMENT_OPTIONS,
    targetGroups: TARGET_GROUP_OPTIONS,
  };
  return (id: string) => byId[id];
}

/** Sets a drop-down's value, or adds to 重点群体 (a choice already made stays, never toggles off). */
export function pickInto(form: FormInstance<WorkerFormValues>, id: string, picked: Choice['value']) {
  const value = String(picked);
  if (id === 'targetGroups') {
    const now = form.getFieldValue('targetGroups') ?? [];
    if (!now.includes(value)) form.setFieldValue('targetGroups', [...now, value]);
  } else form.setFieldValue(id as keyof WorkerFormValues, value);
  form.setFields([{ name: id as keyof WorkerFormValues, errors: [] }]);
}
