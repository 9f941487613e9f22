import { z } from 'zod';
import { ETHNICITIES } from '../../catalog/ethnicities';
import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  TARGET_GROUPS,
  codesOf,
  type EducationCode,
  type EmploymentStatusCode,
  type HouseholdTypeCode,
  type TargetGroupCode,
} from '../../catalog/workerOptions';
import { checkIdNumber } from '../../domain/idNumber';
import { checkMobilePhone } from '../../domain/phone';
import { checkPersonName } from '../../domain/personName';
import { controlCharMessage, hasControlChar, oneLine } from '../../domain/text';
import { Paging } from './common';

/** A one-line field: line breaks become a space, other control characters are refused (domain/text). */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .overwrite(oneLine)
    .trim()
    .refine((v) => !hasControlChar(v), controlCharMessage(label))
    .max(max, `${label}最多 ${max} 字`)
    .nullish()
    .transform((v) => (v ? v : null));

const WorkerFields = z.object({
  idNumber: z.string({ error: '请输入公民身份号码' }),
  allowUnlistedAddress: z.boolean().default(false),
  name: z.string({ error: '请输入姓名' }),
  ethnicity: z.enum(ETHNICITIES, { error: '请选择民族' }),
  education: z.enum(codesOf(EDUCATIONS), { error: '请选择文化程度' }),
  phone: z.string().nullish(),
  townshipCode: z.string({ error: '请选择乡镇' }).regex(/^\d{9}$/, '请选择乡镇'),
  village: optionalText(50, '村（社区）'),
  address: optionalText(100, '详细地址'),
  householdType: z.enum(codesOf(HOUSEHOLD_TYPES), { error: '请选择户口性质' }),
  employmentStatus: z.enum(codesOf(EMPLOYMENT_STATUSES), { error: '请选择就业状态' }),
  targetGroups: z
    .array(z.enum(codesOf(TARGET_GROUPS), { error: '未知的重点群体' }))
    .max(TARGET_GROUPS.length)
    .default([])
    .transform((g) => [...new Set(g)]),
});

/**
 * Normalises and checks the fields that have precise rules of their own (ID number,
 * name, phone), so that every transport and the spreadsheet import share one set of messages.
 */
function refineWorker<
  T extends Pick<z.infer<typeof WorkerFields>, 'idNumber' | 'allowUnlistedAddress' | 'name' | 'phone'>,
>(w: T, ctx: z.RefinementCtx) {
  const id = checkIdNumber(w.idNumber, { allowUnlistedAddress: w.allowUnlistedAddress });
  if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: id.message, params: { idCode: id.code } });
  else w.idNumber = id.idNumber;
  const name = checkPersonName(w.name);
  if (!name.ok) ctx.addIssue({ code: 'custom', path: ['name'], message: name.message });
  else w.name = name.name;
  if (w.phone) {
    const phone = checkMobilePhone(w.phone);
    if (!phone.ok) ctx.addIssue({ code: 'custom', path: ['phone'], message: phone.message });
    else w.phone = phone.phone;
  } else w.phone = null;
}

export const WorkerCreateInput = WorkerFields.strict().superRefine(refineWorker);

/**
 * A roster's row: the same rules, except that the fields a roster may not say are null until a
 * clerk completes them (待补充). Not a channel's input: the import builds it from the cells.
 */
export const WorkerImportRow = WorkerFields.extend({
  ethnicity: WorkerFields.shape.ethnicity.nullable(),
  education: WorkerFields.shape.education.nullable(),
  householdType: WorkerFields.shape.householdType.nullable(),
  employmentStatus: WorkerFields.shape.employmentStatus.nullable(),
})
  .strict()
  .superRefine(refineWorker);

export const WorkerUpdateInput = WorkerFields.extend({ id: z.number().int().positive() })
  .strict()
  .superRefine(refineWorker);

export const WorkerCheckIdInput = z
  .object({ idNumber: z.string(), allowUnlistedAddress: z.boolean().default(false) })
  .strict();

export const WorkerSearchInput = z
  .object({
    q: z.string().trim().max(40, '搜索内容过长').default(''),
    townshipCode: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    /** Only workers registered with fields still to be completed (待补充). */
    pending: z.boolean().optional(),
    ...Paging,
  })
  .strict();

export type WorkerInput = z.output<typeof WorkerCreateInput>;

/**
 * Fields a roster may lack: the worker is then registered with them empty (待补充) and must be
 * completed before a voucher is issued. Name, ID number and township are never left out.
 */
/** Shown (and exported) in place of a field still to be completed. */
export const PENDING_MARK = '待补充';

export const PENDABLE_FIELDS = ['ethnicity', 'education', 'householdType', 'employmentStatus'] as const;
export type PendingField = (typeof PENDABLE_FIELDS)[number];
export const PENDING_LABELS: Record<PendingField, string> = {
  ethnicity: '民族',
  education: '文化程度',
  householdType: '户口性质',
  employmentStatus: '就业状态',
};
export const pendingText = (fields: readonly PendingField[]) => fields.map((f) => PENDING_LABELS[f]).join('、');

/**
 * Lists are always masked: the birth year, never the birth date, which is exactly the 8 digits
 * the mask hides.
 */
export interface WorkerListItem {
  id: number;
  name: string;
  idNumberMasked: string;
  gender: 'M' | 'F';
  birthYear: number;
  phoneMasked: string;
  townshipCode: string;
  townshipName: string;
  targetGroups: TargetGroupCode[];
  /** Fields still to be completed (待补充); empty when the record is complete. */
  pendingFields: PendingField[];
}

/** A worker as stored (the services' own view, and a full view). */
export interface WorkerDetail {
  id: number;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  birthYear: number;
  /** null: 待补充 (registered from a roster that did not say; see pendingFields). */
  ethnicity: string | null;
  education: EducationCode | null;
  phone: string | null;
  townshipCode: string;
  townshipName: string;
  village: string | null;
  address: string | null;
  householdType: HouseholdTypeCode | null;
  employmentStatus: EmploymentStatusCode | null;
  targetGroups: TargetGroupCode[];
  /** The fields above that are null, in form order. */
  pendingFields: PendingField[];
  addressCodeUnlisted: boolean;
  createdAt: string;
  updatedAt: string;
  /** True when idNumber and phone are masked (the default; full values are asked for and audited). */
  masked: boolean;
}

/**
 * A worker as a caller sees it: masked (birthDate null, birthYear only) unless a clerk or an admin
 * asked for the full view, which is audited.
 */
export type WorkerView = Omit<WorkerDetail, 'birthDate'> & { birthDate: string | null };

export const WorkerGetInput = z
  .object({ id: z.number({ error: '缺少记录编号' }).int().positive(), full: z.boolean().default(false) })
  .strict();

export type IdCheckResult =
  | {
      ok: true;
      idNumber: string;
      birthDate: string;
      gender: 'M' | 'F';
      region: string | null;
      convertedFrom: string | null;
      existing: { id: number; name: string } | null;
      /** Registered already, to a worker of a township outside the caller's 所属乡镇 (who is not said). */
      elsewhere: boolean;
    }
  | { ok: false; code: string; message: string };
