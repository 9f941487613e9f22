// Bringing in the workers the windows already keep in spreadsheets: every row checked with the
// same rules as the registration form, only valid rows written, all of them in one transaction.
import ExcelJS from './exceljs';
import type { WorkerInput } from '../../../shared/contract/schemas/worker';
import { WorkerCreateInput } from '../../../shared/contract/schemas/worker';
import { EDUCATIONS, EMPLOYMENT_STATUSES, HOUSEHOLD_TYPES, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import { insertWorker, listTownships } from '../../db/repos/worker.repo';
import { prep } from '../../db/prepared';
import { appendAudit } from '../../db/repos/audit.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { recordFromChecked } from '../worker.service';
import { MAX_ROWS, readRows } from './sheetReader';
import { codeFor, headerIndex, WORKER_COLUMNS } from './workerColumns';

export interface RowError {
  row: number;
  reason: string;
}

export interface ImportOutcome {
  total: number;
  imported: number;
  rejected: number;
  errors: RowError[];
  rejectedRows: { row: number; cells: string[]; reason: string }[];
  committed: boolean;
}

type Mapped = { row: number; input: WorkerInput };

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

export async function importWorkers(
  ctx: Ctx,
  fileName: string,
  bytes: Buffer,
  commit: boolean,
): Promise<ImportOutcome> {
  const townships = new Map<string, string>();
  for (const t of listTownships(ctx.db)) townships.set(t.name, t.code).set(t.code, t.code);
  let index: Map<string, number> | null = null;
  const candidates: (Mapped & { cells: string[] })[] = [];
  const rejectedRows: ImportOutcome['rejectedRows'] = [];
  const seen = new Map<string, number>();
  let total = 0;
  for await (const { row, cells } of readRows(fileName, bytes)) {
    if (!index) {
      if (cells.every((c) => !c)) continue;
      const h = headerIndex(cells);
      if (h.missing.length)
        throw new AppError('VALIDATION', `表头不正确：缺少“${h.missing.join('、')}”列。请使用“下载模板”得到的表格填写`);
      index = h.index;
      continue;
    }
    if (cells.every((c) => !c)) continue;
    if (++total > MAX_ROWS) throw new AppError('VALIDATION', `表格超过 ${MAX_ROWS} 行，请分批导入`);
    const reject = (reason: string) => rejectedRows.push({ row, cells, reason });
    const { input, reason } = mapRow(cells, index, townships);
    if (!input) {
      reject(reason!);
      continue;
    }
    const first = seen.get(input.idNumber);
    if (first !== undefined) {
      reject(`与第 ${first} 行的身份证号重复`);
      continue;
    }
    seen.set(input.idNumber, row);
    candidates.push({ row, input, cells });
  }
  if (!index) throw new AppError('VALIDATION', '表格是空的：没有表头和数据');
  if (total === 0) throw new AppError('VALIDATION', '表格只有表头，没有数据行');
  const registered = registeredAmong(
    ctx,
    candidates.map((c) => c.input.idNumber),
  );
  const valid: Mapped[] = [];
  for (const c of candidates) {
    const name = registered.get(c.input.idNumber);
    if (name === undefined) valid.push({ row: c.row, input: c.input });
    else rejectedRows.push({ row: c.row, cells: c.cells, reason: `身份证号已登记（${name}）` });
  }
  rejectedRows.sort((a, b) => a.row - b.row);
  if (commit && valid.length) writeAll(ctx, valid);
  const errors = rejectedRows.map((r) => ({ row: r.row, reason: r.reason }));
  return {
    total,
    imported: commit ? valid.length : 0,
    rejected: rejectedRows.length,
    errors,
    rejectedRows,
    committed: commit,
  };
}

/** Which of these ID numbers are registered already, asked a thousand at a time rather than one by one. */
function registeredAmong(ctx: Ctx, ids: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const stmt = prep(ctx.db, 'SELECT id_number, name FROM worker WHERE id_number IN (SELECT value FROM json_each(?))');
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of stmt.all(JSON.stringify(ids.slice(i, i + 1000))) as { id_number: string; name: string }[])
      found.set(r.id_number, r.name);
  }
  return found;
}

/** One IMMEDIATE transaction for every valid row, each with its audit row: all or nothing. */
function writeAll(ctx: Ctx, rows: Mapped[]) {
  const at = isoNow(ctx.clock);
  const user = ctx.session?.user;
  ctx.db
    .transaction(() => {
      for (const r of rows) {
        const record = recordFromChecked(r.input);
        let id: number;
        try {
          id = insertWorker(ctx.db, record, at, actorId(ctx));
        } catch (e) {
          // Registered at a window since the check: the whole import stops, nothing is written.
          if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new AppError('CONFLICT', `第 ${r.row} 行的身份证号刚刚已被登记，本次导入未写入，请重新导入`);
          }
          throw e;
        }
        appendAudit(ctx.db, {
          at,
          userId: user?.id ?? null,
          username: user?.username ?? null,
          channel: 'import:workers',
          action: 'create',
          entity: 'worker',
          entityId: String(id),
          before: null,
          after: { idNumber: record.idNumber, name: record.name, row: r.row },
        });
      }
    })
    .immediate();
}

export async function errorReport(
  rows: ImportOutcome['rejectedRows'],
  headers = WORKER_COLUMNS.map((c) => c.header),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('未导入的行');
  ws.addRow(['原行号', ...headers, '错误原因']).font = { bold: true };
  for (const r of rows)
    ws.addRow([
      r.row,
      ...r.cells.slice(0, headers.length),
      ...Array(Math.max(0, headers.length - r.cells.length)).fill(''),
      r.reason,
    ]);
  ws.columns.forEach(
    (c, i) => (c.width = i === 0 ? 8 : i > WORKER_COLUMNS.length ? 40 : (WORKER_COLUMNS[i - 1]?.width ?? 12)),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
