// Bringing in the workers the windows already keep in spreadsheets: every row checked with the
// same rules as the registration form, only valid rows written, all of them in one transaction.
import ExcelJS from './exceljs';
import {
  insertWorkers,
  listTownships,
  registeredNames,
  townshipNames,
  type WorkerRecord,
} from '../../db/repos/worker.repo';
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
import { inScope, outsideTownships, townshipScope, type TownshipScope } from '../../core/townshipScope';
import { allowedValues, codeForValue, townshipAliases, townshipCode } from './importWords';
import type { RosterOptions } from './roster';
import { auditChain } from '../../db/repos/audit.repo';
import { isoNow } from '../../core/clock';
import { actorId, type JobCtx, type WriteCtx } from '../../core/context';
import { auditEntry } from '../../core/callContext';
import { openRowBatches, type RowBatches } from './rowBatches';
import { WORKER_COLUMNS } from './workerColumns';
import { cellsOf, type CheckedRow } from './workerRows';

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

/** 所属乡镇 of a township clerk (core/townshipScope), and what a row of another township is told. */
interface Place {
  scope: TownshipScope;
  outside: string | null;
}

/**
 * Why a parsed row is not imported, or null. A township clerk imports only their townships' workers
 * and is not told the name under which a number is registered (it may be another township's).
 */
function refusal(record: WorkerRecord, registered: Map<string, string>, place: Place): string | null {
  if (!inScope(place.scope, record.townshipCode)) return place.outside;
  const name = registered.get(record.idNumber);
  if (name === undefined) return null;
  return place.scope ? '身份证号已登记' : `身份证号已登记（${name}）`;
}

/** The rows of a file, a batch at a time: read while writing (SQLite) or all read before (PostgreSQL). */
interface Batches {
  next(): CheckedRow[] | null;
}

/**
 * Everything the parsing thread sends, read before a PostgreSQL transaction opens: none waits on it.
 * Each call of `from()` reads it from the start, for each attempt of a transaction retried.
 */
function drained(batches: RowBatches): { from(): Batches } {
  const all: CheckedRow[][] = [];
  for (let rows = batches.next(); rows; rows = batches.next()) all.push(rows);
  return {
    from() {
      let i = 0;
      return { next: () => all[i++] ?? null };
    },
  };
}

/**
 * Checks every row; with `commit`, writes the valid ones and their audit rows in one write
 * transaction. On SQLite the file is still being parsed on another thread meanwhile; PostgreSQL
 * reads it whole first. All or nothing: an error anywhere in the file rolls everything back. The
 * clerk's column mapping is remembered on commit.
 */
export async function importWorkers(
  ctx: JobCtx,
  fileName: string,
  bytes: Buffer,
  commit: boolean,
  request: ImportRequest = {},
): Promise<WorkerImportOutcome> {
  const aliases = townshipAliases(await listTownships(ctx.db));
  const opts: RosterOptions = {
    sheet: request.sheet,
    mapping: request.mapping,
    values: fileValues(request, aliases),
    remembered: await listImportMappings(ctx.db),
    townships: [...aliases],
  };
  const batches = await openRowBatches(fileName, bytes, opts);
  const scope = townshipScope(ctx);
  const place: Place = { scope, outside: scope && outsideTownships(await townshipNames(ctx.db, scope)).message };
  const rejectedRows: ImportOutcome['rejectedRows'] = [];
  const counts: Partial<Record<PendingField, number>> = {};
  let imported = 0;
  let incomplete = 0;
  try {
    if (commit) {
      const all = ctx.db.engine === 'pg' ? drained(batches) : null;
      await ctx.write(async (w) => {
        // PostgreSQL retries a transaction it had to abort (a deadlock): it starts again from the
        // file's first row, with nothing counted yet. SQLite never retries; its rows stream in once.
        rejectedRows.length = 0;
        for (const f of PENDABLE_FIELDS) delete counts[f];
        const out = await writeAll(w, place, all ? all.from() : batches, rejectedRows, counts);
        const layout = batches.summary!.layout;
        if (layout.problem) throw new AppError('VALIDATION', layout.problem);
        if (request.mapping?.signature === layout.signature) await rememberMapping(w, layout);
        imported = out.written;
        incomplete = out.incomplete;
      });
    } else {
      for (let rows = batches.next(); rows; rows = batches.next()) {
        const registered = await registeredNames(
          ctx.db,
          rows.flatMap((r) => (r.record ? [r.record.idNumber] : [])),
        );
        for (const r of rows) {
          const reason = r.reason ?? refusal(r.record!, registered, place);
          if (reason) rejectedRows.push({ row: r.row, cells: cellsOf(r), reason });
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
async function rememberMapping(w: WriteCtx, layout: ImportLayout): Promise<void> {
  const headers = layout.columns.map((c) => c.header);
  const mapping = layout.columns.map((c) => c.field);
  await saveImportMapping(w.db, { signature: layout.signature, headers, mapping }, isoNow(w.clock), actorId(w));
  await w.audit({
    action: 'saveMapping',
    entity: 'import_mapping',
    entityId: layout.signature.slice(0, 16),
    after: { headers, mapping },
  });
}

/**
 * Inside the import's transaction: each batch's valid rows and their audit rows, written in bulk.
 * Rows whose ID number is registered already are found first and reported (a failed insert would
 * end the whole transaction on PostgreSQL). The workers' ids are reserved first, so that their
 * target groups, name bigrams and audit rows are written without reading the ids back.
 */
async function writeAll(
  w: WriteCtx,
  place: Place,
  batches: Batches,
  rejectedRows: ImportOutcome['rejectedRows'],
  counts: Partial<Record<PendingField, number>>,
): Promise<{ written: number; incomplete: number }> {
  const at = isoNow(w.clock);
  const audit = await auditChain(w.db, w.secrets);
  let written = 0;
  let incomplete = 0;
  for (let rows = batches.next(); rows; rows = batches.next()) {
    const registered = await registeredNames(
      w.db,
      rows.flatMap((r) => (r.record ? [r.record.idNumber] : [])),
    );
    const fresh: CheckedRow[] = [];
    for (const r of rows) {
      const reason = r.record ? refusal(r.record, registered, place) : r.reason!;
      if (reason) rejectedRows.push({ row: r.row, cells: cellsOf(r), reason });
      else fresh.push(r);
    }
    const ids = await w.db.reserveIds('worker', fresh.length);
    const entries = fresh.map((r, k) => {
      const pending = countPending(r.record!, counts);
      if (pending) incomplete++;
      return auditEntry(w, {
        action: 'create',
        entity: 'worker',
        entityId: ids[k]!,
        after: { idNumber: r.record!.idNumber, name: r.record!.name, row: r.row, ...(pending && { pending: true }) },
      });
    });
    // The audit rows' MACs are computed while PostgreSQL stores the workers (it, not this thread, is
    // then the slower); on SQLite the two simply run one after the other. Both are awaited before a
    // failure of either is thrown: a COPY still running must not meet the ROLLBACK that would follow.
    const [stored, linked] = await Promise.allSettled([
      insertWorkers(
        w.db,
        fresh.map((r) => r.record!),
        ids,
        at,
        actorId(w),
      ),
      audit.linkMany(entries),
    ]);
    if (stored.status === 'rejected') throw stored.reason;
    if (linked.status === 'rejected') throw linked.reason;
    await audit.insertLinked(linked.value);
    written += fresh.length;
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
