// Bringing in the workers the windows already keep in spreadsheets: every row checked with the
// same rules as the registration form, only valid rows written, all of them in one transaction.
import ExcelJS from './exceljs';
import { insertWorker, listTownships } from '../../db/repos/worker.repo';
import { auditChain } from '../../db/repos/audit.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx, type JobCtx, type WriteCtx } from '../../core/context';
import { auditEntry } from '../../core/callContext';
import { openRowBatches, type RowBatches } from './rowBatches';
import { WORKER_COLUMNS } from './workerColumns';
import { cellsOf } from './workerRows';
import { registeredNames } from '../../db/repos/worker.repo';

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

/**
 * Checks every row; with `commit`, writes the valid ones and their audit rows in one IMMEDIATE
 * transaction while a big file is still being parsed on another thread. All or nothing: an error
 * anywhere in the file rolls everything back.
 */
export async function importWorkers(
  ctx: JobCtx,
  fileName: string,
  bytes: Buffer,
  commit: boolean,
): Promise<ImportOutcome> {
  const townships = new Map<string, string>();
  for (const t of await listTownships(ctx.db)) townships.set(t.name, t.code).set(t.code, t.code);
  const batches = await openRowBatches(fileName, bytes, townships);
  const rejectedRows: ImportOutcome['rejectedRows'] = [];
  let imported = 0;
  try {
    if (commit) {
      imported = await ctx.write((w) => writeAll(w, batches, rejectedRows));
    } else {
      for (let rows = batches.next(); rows; rows = batches.next()) {
        const registered = await registeredAmong(
                  ctx,
                  rows.flatMap((r) => (r.record ? [r.record.idNumber] : [])),
                );
        for (const r of rows) {
          const name = r.record && registered.get(r.record.idNumber);
          if (r.reason) rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: r.reason });
          else if (name !== undefined)
            rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: `身份证号已登记（${name}）` });
        }
      }
    }
  } finally {
    await batches.close();
  }
  rejectedRows.sort((a, b) => a.row - b.row);
  return {
    total: batches.total,
    imported,
    rejected: rejectedRows.length,
    errors: rejectedRows.map((r) => ({ row: r.row, reason: r.reason })),
    rejectedRows,
    committed: commit,
  };
}

/** Which of these ID numbers are registered already, asked together rather than one by one. */
async function registeredAmong(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  return registeredNames(ctx.db, ids);
}

/**
 * Inside the import's transaction: each valid row and its audit row. Rows whose ID number is
 * registered already are reported, found a batch at a time before inserting (a failed insert would
 * end the transaction on PostgreSQL).
 */
async function writeAll(w: WriteCtx, batches: RowBatches, rejectedRows: ImportOutcome['rejectedRows']): Promise<number> {
  const audit = await auditChain(w.db, w.secrets);
  let written = 0;
  for (let rows = batches.next(); rows; rows = batches.next()) {
    const registered = await registeredNames(
      w.db,
      rows.flatMap((r) => (r.record ? [r.record.idNumber] : [])),
    );
    for (const r of rows) {
      const record = r.record;
      if (!record) {
        rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: r.reason! });
        continue;
      }
      const name = registered.get(record.idNumber);
      if (name !== undefined) {
        rejectedRows.push({ row: r.row, cells: cellsOf(r), reason: `身份证号已登记（${name}）` });
        continue;
      }
      const id = await insertWorker(w.db, record, isoNow(w.clock), actorId(w));
      written++;
      await audit.append(
        auditEntry(w, {
          action: 'create',
          entity: 'worker',
          entityId: id,
          after: { idNumber: record.idNumber, name: record.name, row: r.row },
        }),
      );
    }
  }
  return written;
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
