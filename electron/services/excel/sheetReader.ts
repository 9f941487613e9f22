// Reads the sheets of an .xlsx (streamed, so 100,000 rows need no full workbook in memory) or a
// CSV saved in UTF-8 or GBK (as Chinese Excel does), as rows of trimmed strings.
import ExcelJS from './exceljs';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { AppError } from '../../core/errors';
import { workbookLayout, type Merge, type SheetInfo, type WorkbookLayout } from './sheetLayout';

export const MAX_FILE_BYTES = 60 * 1024 * 1024;
export const MAX_ROWS = 200_000;

/** `lossy`: the columns whose cell was a number of 16 digits or more, which Excel cannot hold exactly. */
export type Row = { row: number; cells: string[]; lossy?: number[] };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), otherwise GBK. */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return iconv.decode(bytes, 'gbk');
  }
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

/**
 * unzipper reports a corrupt entry (bad deflate data) on the zip stream, not on the entry that
 * exceljs 4.4.0 is reading, which then waits for the entry's end for ever: the import never
 * answered, and on the parsing thread every later import queued behind it. The zip stream is the
 * one our input is piped into; its first error ends the read.
 */
function zipFailure(input: Readable): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    const pipe = input.pipe.bind(input);
    input.pipe = ((dest: NodeJS.WritableStream, opts?: { end?: boolean }) => {
      dest.on('error', reject);
      return pipe(dest, opts);
    }) as typeof input.pipe;
  });
  failed.catch(() => undefined); // raced below; an error after the read is over is of no interest
  return failed;
}

/** The items of `source` until `failed` rejects, which then throws even while `source` is stuck. */
async function* unlessFailed<T>(source: AsyncIterable<T>, failed: Promise<never>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      const next = await Promise.race([it.next(), failed]);
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } catch (e) {
    done = true; // a stuck iterator cannot be closed; it is left to the garbage collector
    throw e;
  } finally {
    if (!done) await it.return?.();
  }
}

/** A sheet's rows as the streaming reader hands them over, with what the sheet is. */
export interface SheetStream {
  info: SheetInfo;
  merges(): Promise<Merge[]>;
  rows: AsyncIterable<Row>;
}

export interface OpenedFile {
  /** Every sheet in tab order (one for a CSV). */
  sheets: SheetInfo[];
  /** The sheets in the order the file stores them; leaving one unread skips it. */
  stream: AsyncGenerator<SheetStream>;
}

function checkSize(bytes: Buffer): boolean {
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的');
  if (bytes.length > MAX_FILE_BYTES)
    throw new AppError('VALIDATION', `文件过大（${(bytes.length / 1048576).toFixed(0)} MB），最大 60 MB；请分批导入`);
  return bytes.subarray(0, 2).toString('latin1') === 'PK';
}

const UNREADABLE = '无法读取该 Excel 文件，文件可能已损坏；请用 Excel 另存为 .xlsx 后重试';

export async function openSheets(fileName: string, bytes: Buffer): Promise<OpenedFile> {
  const isZip = checkSize(bytes);
  if (/\.csv$/i.test(fileName) && !isZip) {
    const rows = parseCsv(decodeCsv(bytes));
    const name = fileName.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
    const info: SheetInfo = { index: 1, name, hidden: false, sheetNo: '1', rows: rows.length };
    async function* csvRows(): AsyncGenerator<Row> {
      for (let i = 0; i < rows.length; i++) yield { row: i + 1, cells: rows[i]!.map((c) => c.trim()) };
    }
    async function* one(): AsyncGenerator<SheetStream> {
      yield { info, merges: async () => [], rows: csvRows() };
    }
    return { sheets: [info], stream: one() };
  }
  if (!isZip) throw new AppError('VALIDATION', '文件不是 Excel 表格（.xlsx）或 CSV 文件');
  let layout: WorkbookLayout;
  try {
    layout = await workbookLayout(bytes);
  } catch {
    throw new AppError('VALIDATION', UNREADABLE);
  }
  return { sheets: layout.sheets, stream: xlsxSheets(layout) };
}

/** Numbers this large have lost digits in Excel, which keeps 15 significant ones. */
const LOSSY_NUMBER = 1e15;

async function* xlsxSheets(layout: WorkbookLayout): AsyncGenerator<SheetStream> {
  const input = Readable.from(layout.readingOrder);
  const zipFailed = zipFailure(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  // In reading order the shared strings and the workbook's relations, when the file has them,
  // come before any sheet and replace these; a file without them (strings stored inline) would
  // otherwise send every sheet to a temp file (see readingOrder).
  Object.assign(reader, { sharedStrings: [], workbookRels: [] });
  // The reader names each sheet it is about to hand over by its file (sheetN.xml) just before.
  let sheetNo = '';
  (reader as unknown as NodeJS.EventEmitter).on('entry', (e: { type: string; id: string }) => {
    if (e.type === 'worksheet') sheetNo = String(e.id);
  });
  // A sheet's XML broken mid-way fails here, where its rows are read, not where the sheet began.
  async function* rowsOf(sheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<Row> {
    try {
      for await (const r of unlessFailed(sheet, zipFailed)) {
        const values = r.values as ExcelJS.CellValue[];
        const cells: string[] = new Array<string>(Math.max(0, values.length - 1));
        let lossy: number[] | undefined;
        for (let i = 1; i < values.length; i++) {
          const v = values[i];
          if (typeof v === 'number' && v >= LOSSY_NUMBER) (lossy ??= []).push(i - 1);
          cells[i - 1] = cellText(v).trim();
        }
        yield lossy ? { row: r.number, cells, lossy } : { row: r.number, cells };
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('VALIDATION', UNREADABLE);
    }
  }
  try {
    for await (const sheet of unlessFailed(reader, zipFailed)) {
      const info = layout.sheets.find((s) => s.sheetNo === sheetNo);
      if (!info) continue;
      const no = sheetNo;
      yield { info, merges: () => layout.merges(no), rows: rowsOf(sheet as AsyncIterable<ExcelJS.Row>) };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', UNREADABLE);
  }
}

/** The first sheet's rows: for files made from the app's own templates (the history import). */
export async function* readRows(fileName: string, bytes: Buffer): AsyncGenerator<Row> {
  const { stream } = await openSheets(fileName, bytes);
  try {
    for await (const sheet of stream) {
      yield* sheet.rows;
      return; // the template keeps its option lists on a second, hidden sheet
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', UNREADABLE);
  }
}
