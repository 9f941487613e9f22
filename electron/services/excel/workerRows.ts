// One spreadsheet row after the checks that need no database: the header found, the row mapped
// to a worker with the same rules as the registration form, and duplicates within the file caught.
// Pure, so that it runs on the thread that parses the file.
import type { WorkerInput } from '../../../shared/contract/schemas/worker';
import type { WorkerRecord } from '../../db/repos/worker.repo';
import { countyName } from '../../../shared/catalog/regions';
import { WorkerCreateInput } from '../../../shared/contract/schemas/worker';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import { AppError } from '../../core/errors';
import { MAX_ROWS } from './sheetReader';
import { codeFor, headerIndex, WORKER_COLUMNS } from './workerColumns';

export const CELL_SEPARATOR = '\u001f';
export const cellsOf = (r: CheckedRow) => r.line.split(CELL_SEPARATOR);

/**
 * The stored form of input that the schema has already checked (ID number normalised and valid,
 * township known), made here so that the thread that writes has only to write.
 */
function recordFromChecked(input: WorkerInput): WorkerRecord {
  const { allowUnlistedAddress: _unused, ...rest } = input;
  const id = input.idNumber;
  return {
    ...rest,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    addressCodeUnlisted: countyName(id.slice(0, 6)) === null,
  };
}

/** A data row: `record` when it passed, `reason` when it did not. */
export interface CheckedRow {
  row: number;
  /** The row's cells joined by CELL_SEPARATOR: one string crosses threads far cheaper than a dozen. */
  line: string;
  record?: WorkerRecord;
  reason?: string;
}

function mapRow(
  cells: string[],
  index: Map<string, number>,
  townships: Map<string, string>,
): { input?: WorkerInput; reason?: string } {
  const get = (f: string) => cells[index.get(f) ?? -1]?.trim() ?? '';
  for (const c of WORKER_COLUMNS) if (c.required && !get(c.field)) return { reason: `缺少必填项“${c.header}”` };
  const township = townships.get(get('townshipCode'));
  if (!township) return { reason: `未知的乡镇“${get('townshipCode')}”` };
  const groups = get('targetGroups')
    .split(/[、,，;；\s]+/)
    .filter(Boolean);
  const groupCodes = groups.map((g) => codeFor(TARGET_GROUPS, g));
  const badGroup = groups.find((_, i) => !groupCodes[i]);
  if (badGroup) return { reason: `未知的重点群体“${badGroup}”` };
  const raw = {
    idNumber: get('idNumber'),
    name: get('name'),
    ethnicity: get('ethnicity'),
    education: codeFor(EDUCATIONS, get('education')) ?? get('education'),
    phone: get('phone') || null,
    townshipCode: township,
    village: get('village') || null,
    address: get('address') || null,
    householdType: codeFor(HOUSEHOLD_TYPES, get('householdType')) ?? get('householdType'),
    employmentStatus: codeFor(EMPLOYMENT_STATUSES, get('employmentStatus')) ?? get('employmentStatus'),
    targetGroups: groupCodes,
  };
  const parsed = WorkerCreateInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const col = WORKER_COLUMNS.find((c) => c.field === issue.path[0]);
    return { reason: col ? `${col.header}：${issue.message}` : issue.message };
  }
  return { input: parsed.data };
}

/** Feeds rows in file order; `check` returns the data rows, `finish` refuses a file with none. */
export function rowChecker(townships: Map<string, string>) {
  let index: Map<string, number> | null = null;
  let total = 0;
  const seen = new Map<string, number>();
  return {
    check(row: number, cells: string[]): CheckedRow | null {
      if (cells.every((c) => !c)) return null;
      if (!index) {
        const h = headerIndex(cells);
        if (h.missing.length)
          throw new AppError(
            'VALIDATION',
            `表头不正确：缺少“${h.missing.join('、')}”列。请使用“下载模板”得到的表格填写`,
          );
        index = h.index;
        return null;
      }
      if (++total > MAX_ROWS) throw new AppError('VALIDATION', `表格超过 ${MAX_ROWS} 行，请分批导入`);
      const { input, reason } = mapRow(cells, index, townships);
      const line = cells.join(CELL_SEPARATOR);
      if (!input) return { row, line, reason: reason! };
      const first = seen.get(input.idNumber);
      if (first !== undefined) return { row, line, reason: `与第 ${first} 行的身份证号重复` };
      seen.set(input.idNumber, row);
      return { row, line, record: recordFromChecked(input) };
    },
    finish(): number {
      if (!index) throw new AppError('VALIDATION', '表格是空的：没有表头和数据');
      if (total === 0) throw new AppError('VALIDATION', '表格只有表头，没有数据行');
      return total;
    },
  };
}
