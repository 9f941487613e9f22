// Bringing in the workers the windows already keep in spreadsheets: every row checked with the
// same rules as the registration form, only valid rows written, all of them in one transaction.
import ExcelJS from './exceljs';
import { findWorkerByIdNumber, insertWorker, listTownships, type WorkerRecord } from '../../db/repos/worker.repo';
import { listImportMappings, saveImportMapping } from '../../db/repos/importMapping.repo';
import { PENDABLE_FIELDS, type PendingField } from '../../../shared/contract/schemas/worker';
import {
  fieldLabel,
  FILE_VALUE_FIELDS,
  type FileValueField,
  type ImportField,
  type ImportLayout,
} from '../../../shared/contract/schemas/workerImport';
import { AppError } from '../../core/errors';
import { allowedValues, codeForValue, townshipAliases, townshipCode } from './importWords';
import type { RosterOptions } from './roster';
import { prep } from '../../db/prepared';
import { auditChain } from '../../db/repos/audit.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { openRowBatches, type RowBatches } from './rowBatches';
import { WORKER_COLUMNS } from './workerColumns';
import { cellsOf } from './workerRows';

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

export interface WorkerImportOutcome extends ImportOutcome {
  layout: ImportLayout;
  /** Valid (or imported) workers with fields left 待补充, and how many lack each field. */
  incomplete: number;
  pendingCounts: Partial<Record<PendingField, number>>;
}

export interface ImportRequest {
  sheet?: number | string | undefined;
  mapping?: { signature: string; columns: (ImportField | null)[] } | undefined;
  /** Values for every row, as typed (label or code); checked here, before the file is read. */
  values?: Partial<Record<FileValueField, string | undefined>>;
}

/** The file-wide values as codes; a value that is none of the known words stops the import. */
function fileValues(request: ImportRequest, aliases: Map<string, string>): Partial<Record<FileValueField, string>> {
  const out: Partial<Record<FileValueField, string>> = {};
  for (const f of FILE_VALUE_FIELDS) {
    const v = request.values?.[f]?.trim();
    if (!v) continue;
    const code = f === 'townshipCode' ? townshipCode(aliases, v) : codeForValue(f, v);
    if (!code)
      throw new AppError(
        'VALIDATION',
        f === 'townshipCode'
          ? `全部行的乡镇“${v}”不是龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡`
          : `全部行的${fieldLabel(f)}“${v}”无法识别，可填：${allowedValues(f)}`,
      );
    out[f] = code;
  }
  return out;
}

function countPending(record: WorkerRecord, counts: Partial<Record<PendingField, number>>): boolean {
  let any = false;
  for (const f of PENDABLE_FIELDS)
    if (record[f] === null) {
      counts[f] = (counts[f] ?? 0) + 1;
      any = true;
    }
  return any;
}

/**
 * Checks every row; with `commit`, writes the valid ones and their audit rows in one IMMEDIATE
 * transaction while a big file is still being parsed on another thread. All or nothing: an error
 * anywhere in the file rolls everything back. The clerk's column mapping is remembered on commit.
 */
export async function importWorkers(
  ctx: Ctx,
  fileName: string,
  bytes: Buffer,
  commit: boolean,
  request: ImportRequest = {},
): Promise<WorkerImportOutcome> {
  const aliases = townshipAliases(listTownships(ctx.db));
  const opts: RosterOptions = {
    sheet: request.sheet,
    mapping: request.mapping,
    values: fileValues(request, aliases),
    remembered: listImportMappings(ctx.db),
    townships: [...aliases],
  };
  const batches = await openRowBatches(fileName, bytes, opts);
  const rejectedRows: ImportOutcome['rejectedRows'] = [];
  const counts: Partial<Record<PendingField, number>> = {};
  let imported = 0;
  let incomplete = 0;
  try {
    if (commit) {
      ctx.db
        .transaction(() => {
          const w = writeAll(ctx, batches, rejectedRows, counts);
          const layout = batches.summary!.layout;
          if (layout.problem) throw new AppError('VALIDATION', layout.problem);
          if (request.mapping?.signature === layout.signature) rememberMapping(ctx, layout);
          imported = w.written;
          incomplete = w.incomplete;
        })
        .immediate();
    } else {
      for (let rows = batches.next(); rows; rows = batches.next()) {
        const registered = registeredAmong(
          ctx,
          rows.flatMap((r) => (r.record ? [r.record.idNumber] : [])),
        );
        for (const r of rows) {
          const name = r.record && registered.get(r.record.idNumber);
          if (r.reason) rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: r.reason });
          else if (name !== undefined)
            rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: `身份证号已登记（${name}）` });
          else if (countPending(r.record!, counts)) incomplete++;
        }
      }
    }
  } finally {
    await batches.close();
  }
  rejectedRows.sort((a, b) => a.row - b.row);
  const { total, layout } = batches.summary!;
  return {
    total,
    imported,
    rejected: rejectedRows.length,
    errors: rejectedRows.map((r) => ({ row: r.row, reason: r.reason })),
    rejectedRows,
    committed: commit,
    layout,
    incomplete,
    pendingCounts: counts,
  };
}

/** The mapping the clerk confirmed, for the next file with these headers; audited like any change. */
function rememberMapping(ctx: Ctx, layout: ImportLayout) {
  const headers = layout.columns.map((c) => c.header);
  const mapping = layout.columns.map((c) => c.field);
  saveImportMapping(ctx.db, { signature: layout.signature, headers, mapping }, isoNow(ctx.clock), actorId(ctx));
  const user = ctx.session?.user;
  auditChain(ctx.db, ctx.secrets).append({
    at: isoNow(ctx.clock),
    userId: user?.id ?? null,
    username: user?.username ?? null,
    channel: 'import:workers',
    action: 'saveMapping',
    entity: 'import_mapping',
    entityId: layout.signature.slice(0, 16),
    before: null,
    after: { headers, mapping },
  });
}

/** Which of these ID numbers are registered already, asked together rather than one by one. */
function registeredAmong(ctx: Ctx, ids: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const stmt = prep(ctx.db, 'SELECT id_number, name FROM worker WHERE id_number IN (SELECT value FROM json_each(?))');
  for (const r of stmt.all(JSON.stringify(ids)) as { id_number: string; name: string }[])
    found.set(r.id_number, r.name);
  return found;
}

/** Inside the import's transaction: each valid row and its audit row; a row already registered is reported. */
function writeAll(
  ctx: Ctx,
  batches: RowBatches,
  rejectedRows: ImportOutcome['rejectedRows'],
  counts: Partial<Record<PendingField, number>>,
): { written: number; incomplete: number } {
  const at = isoNow(ctx.clock);
  const user = ctx.session?.user;
  const audit = auditChain(ctx.db, ctx.secrets);
  let written = 0;
  let incomplete = 0;
  for (let rows = batches.next(); rows; rows = batches.next()) {
    for (const r of rows) {
      const record = r.record;
      if (!record) {
        rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: r.reason! });
        continue;
      }
      let id: number;
      try {
        id = insertWorker(ctx.db, record, at, actorId(ctx));
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
        const name = findWorkerByIdNumber(ctx.db, record.idNumber)?.name ?? '';
        rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: `身份证号已登记（${name}）` });
        continue;
      }
      written++;
      const pending = countPending(record, counts);
      if (pending) incomplete++;
      audit.append({
        at,
        userId: user?.id ?? null,
        username: user?.username ?? null,
        channel: 'import:workers',
        action: 'create',
        entity: 'worker',
        entityId: String(id),
        before: null,
        after: { idNumber: record.idNumber, name: record.name, row: r.row, ...(pending && { pending: true }) },
      });
    }
  }
  return { written, incomplete };
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
