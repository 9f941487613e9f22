// One roster row → a worker, with the same rules as the registration form; what a township's
// spreadsheet does to cells (ID numbers turned into numbers, spaces, full-width digits, 龙山 for
// 龙山镇) is undone here or named so that the clerk knows what to fix. Pure, so that it runs on
// the thread that parses the file; decided once per file (`RowPlan`), applied per row.
import { countyName } from '../../../shared/catalog/regions';
import {
  PENDABLE_FIELDS,
  PENDING_MARK,
  WorkerImportRow,
  type PendingField,
} from '../../../shared/contract/schemas/worker';
import {
  fieldLabel,
  IMPORT_FIELDS,
  type FileValueField,
  type ImportField,
} from '../../../shared/contract/schemas/workerImport';
import { checkCharFor, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { controlCharMessage, hasControlChar } from '../../../shared/domain/text';
import type { WorkerRecord } from '../../db/repos/worker.repo';
import { allowedValues, codeForValue, townshipCode } from './importWords';

export const CELL_SEPARATOR = '\u001f';
export const cellsOf = (r: CheckedRow) => r.line.split(CELL_SEPARATOR);
/**
 * The cells as one line. A cell holding the separator itself is refused (mapRow), and would have
 * split in two in the error report, moving every later cell one column right: it goes without it.
 */
export const lineOf = (cells: readonly string[]) =>
  cells.some((c) => c.includes(CELL_SEPARATOR))
    ? cells.map((c) => c.replaceAll(CELL_SEPARATOR, '')).join(CELL_SEPARATOR)
    : cells.join(CELL_SEPARATOR);

/** A data row: `record` when it passed, `reason` when it did not. */
export interface CheckedRow {
  row: number;
  /** The row's cells joined by CELL_SEPARATOR: one string crosses threads far cheaper than a dozen. */
  line: string;
  record?: WorkerRecord;
  reason?: string;
}

/** Decided once per file: the column of each field (-1: none) and the values set for the whole file. */
export interface RowPlan {
  col: Record<ImportField, number>;
  values: Partial<Record<FileValueField, string>>;
  townships: Map<string, string>;
}

export const ID_AS_NUMBER =
  '身份证号被 Excel 存成了数字，只保留了前 15 位，后 3 位变成了 0：请把该列设置为“文本”格式后重新录入完整号码';
const ID_AS_EXPONENT = (v: string) =>
  `身份证号显示为科学计数法（${v}），后几位已经丢失：请把该列设置为“文本”格式后重新录入完整号码`;

/**
 * The stored form of a checked row: gender and birth date come from the ID number. Spelled out
 * rather than spread: it runs 100,000 times in a big import.
 */
function recordOf(w: ReturnType<typeof WorkerImportRow.parse>): WorkerRecord {
  const id = w.idNumber;
  return {
    idNumber: id,
    name: w.name,
    ethnicity: w.ethnicity,
    education: w.education,
    phone: w.phone ?? null,
    townshipCode: w.townshipCode,
    village: w.village,
    address: w.address,
    householdType: w.householdType,
    employmentStatus: w.employmentStatus,
    targetGroups: w.targetGroups,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    addressCodeUnlisted: countyName(id.slice(0, 6)) === null,
  };
}

/** Damage to an ID number that its own check would only call a wrong check character. */
function idDamage(raw: string, lossy: boolean): string | null {
  if (lossy) return ID_AS_NUMBER;
  if (/^\d(\.\d+)?e\+?\d+$/i.test(raw)) return ID_AS_EXPONENT(raw);
  if (raw.length === 18 && raw.endsWith('000') && /^\d+$/.test(raw) && checkCharFor(raw.slice(0, 17)) !== '0')
    return ID_AS_NUMBER;
  return null;
}

const EMPTY_PENDING: Record<PendingField, null> = {
  ethnicity: null,
  education: null,
  householdType: null,
  employmentStatus: null,
};

/** `cells` with merged values already filled in; `lossy` as the reader reported it. */
export function mapRow(cells: readonly string[], lossy: readonly number[] | undefined, p: RowPlan) {
  const get = (f: ImportField) => {
    const i = p.col[f];
    return i < 0 ? '' : (cells[i] ?? '');
  };
  // Every column the row is read from, before anything else: a NUL cannot be stored on PostgreSQL,
  // and elsewhere the row would be refused for what the clerk cannot see (未知的乡镇“龙山镇”).
  for (const { field } of IMPORT_FIELDS)
    if (hasControlChar(get(field))) return { reason: controlCharMessage(fieldLabel(field)) };
  const name = get('name');
  if (!name) return { reason: '缺少必填项“姓名”' };
  let idNumber = get('idNumber');
  if (!idNumber) return { reason: '缺少必填项“公民身份号码”' };
  idNumber = normalizeIdNumber(idNumber);
  const damage = idDamage(idNumber, lossy?.includes(p.col.idNumber) ?? false);
  if (damage) return { reason: damage };

  const place = get('townshipCode');
  const township = place ? townshipCode(p.townships, place) : p.values.townshipCode;
  if (!township)
    return {
      reason: place ? `未知的乡镇“${place}”：应为龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡` : '缺少必填项“乡镇”',
    };

  const pending = { ...EMPTY_PENDING } as Record<PendingField, string | null>;
  for (const f of PENDABLE_FIELDS) {
    if (p.col[f] < 0) {
      pending[f] = p.values[f] ?? null;
      continue;
    }
    const v = get(f);
    if (!v || v === PENDING_MARK) continue; // left empty: 待补充, as when the column is missing
    const code = codeForValue(f, v);
    if (!code) return { reason: `${fieldLabel(f)}“${v}”无法识别，可填：${allowedValues(f)}` };
    pending[f] = code;
  }

  const groups = get('targetGroups')
    .split(/[、,，;；/\s]+/)
    .filter(Boolean);
  const groupCodes: string[] = [];
  for (const g of groups) {
    const code = codeForValue('targetGroups', g);
    if (!code) return { reason: `未知的重点群体“${g}”，可填：${allowedValues('targetGroups')}` };
    groupCodes.push(code);
  }
  let phone = get('phone');
  if (phone && /[^\x20-\x7e]/.test(phone)) phone = phone.normalize('NFKC'); // －, ＋86, full-width digits

  const parsed = WorkerImportRow.safeParse({
    idNumber,
    name,
    phone: phone || null,
    townshipCode: township,
    village: get('village') || null,
    address: get('address') || null,
    ...pending,
    targetGroups: groupCodes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] as ImportField | undefined;
    return { reason: field && field in p.col ? `${fieldLabel(field)}：${issue.message}` : issue.message };
  }
  return { record: recordOf(parsed.data) };
}
