import type { WorkerView } from '../../../../shared/contract/schemas/worker';
import type { WorkerSaveInput } from './api';

export interface WorkerFormValues {
  idNumber: string;
  allowUnlistedAddress: boolean;
  name: string;
  ethnicity: string;
  education?: string;
  phone?: string;
  townshipCode?: string;
  village?: string;
  address?: string;
  householdType?: string;
  employmentStatus?: string;
  targetGroups: string[];
}

/** The order Enter walks through; a field not shown (the address confirmation) is skipped. */
export const FIELD_ORDER = [
  'idNumber',
  'allowUnlistedAddress',
  'name',
  'ethnicity',
  'education',
  'phone',
  'townshipCode',
  'village',
  'address',
  'householdType',
  'employmentStatus',
  'targetGroups',
] as const satisfies readonly (keyof WorkerFormValues)[];

export const EMPTY_WORKER: WorkerFormValues = {
  idNumber: '',
  allowUnlistedAddress: false,
  name: '',
  ethnicity: '汉族',
  targetGroups: [],
};

export function fromDetail(w: WorkerView): WorkerFormValues {
  return {
    idNumber: w.idNumber,
    allowUnlistedAddress: w.addressCodeUnlisted,
    name: w.name,
    // A field still 待补充 starts empty, so that the form's required rule asks for it.
    ethnicity: w.ethnicity ?? '',
    education: w.education ?? undefined,
    phone: w.phone ?? '',
    townshipCode: w.townshipCode,
    village: w.village ?? '',
    address: w.address ?? '',
    householdType: w.householdType ?? undefined,
    employmentStatus: w.employmentStatus ?? undefined,
    targetGroups: [...w.targetGroups],
  };
}

/** Enum fields are checked by required rules and again by the server, which has the final word. */
export function toInput(v: WorkerFormValues): WorkerSaveInput {
  return {
    idNumber: v.idNumber,
    allowUnlistedAddress: v.allowUnlistedAddress,
    name: v.name,
    ethnicity: v.ethnicity,
    education: v.education,
    phone: v.phone?.trim() ? v.phone.trim() : null,
    townshipCode: v.townshipCode,
    village: v.village ?? null,
    address: v.address ?? null,
    householdType: v.householdType,
    employmentStatus: v.employmentStatus,
    targetGroups: v.targetGroups,
  } as WorkerSaveInput;
}
