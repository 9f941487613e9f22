// What exceljs's streaming reader does not say about an .xlsx: the sheets in tab order with their
// names and sizes, and the merged cells of a sheet (a township merged down over its villagers' rows,
// a merged title). Merges are written after the rows in the sheet's XML, too late for a reader that
// checks rows as they stream by, so they are read first — one native inflate of the sheet, about
// 3% of what parsing it costs.
import { createRequire } from 'node:module';
import { createInflateRaw } from 'node:zlib';

interface ZipEntry {
  path: string;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  offsetToLocalFileHeader: number;
  buffer(): Promise<Buffer>;
}
// exceljs's own zip reader (the one its streaming reader uses), reached through exceljs as
// exceljsFix reaches its XML parser, with the little of its API used here.
const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = fromExceljs('unzipper') as {
  Open: { buffer(b: Buffer): Promise<{ files: ZipEntry[]; offsetToStartOfCentralDirectory: number }> };
};

export interface SheetInfo {
  /** 1-based position among the tabs, as the clerk sees them. */
  index: number;
  name: string;
  hidden: boolean;
  /** N of xl/worksheets/sheetN.xml: how exceljs's streaming reader names the sheet it is reading. */
  sheetNo: string;
  /** The last used row (from the sheet's own dimension), title rows included. */
  rows: number;
}

/** A merged range: rows 1-based as in Excel, columns 0-based as in a row's cells. */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface WorkbookLayout {
  sheets: SheetInfo[];
  merges(sheetNo: string): Promise<Merge[]>;
  /** The file's bytes for exceljs's streaming reader, every worksheet after the parts it needs. */
  readingOrder: Buffer[];
}

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * exceljs's streaming reader parks every worksheet that comes before the shared strings (Excel
 * writes them before) in a temp file, plain XML with every ID number in it, and removes it only
 * when the whole workbook has been read. A reader that stops at the sheet it wanted (the roster
 * check, the history import) left those files in /tmp, with an open descriptor each, for as long
 * as the process ran: months on the county server. Skipping a sheet also raced its removal
 * against the opening of its file (an uncaught ENOENT under load). Moving the worksheets to the
 * end needs no temp file: each entry is copied as it is stored, from its local header to the next.
 */
function readingOrder(bytes: Buffer, files: ZipEntry[], centralDirectory: number): Buffer[] {
  const stored = [...files].sort((a, b) => a.offsetToLocalFileHeader - b.offsetToLocalFileHeader);
  const parts = stored.map((f, i) => ({
    sheet: WORKSHEET.test(f.path),
    bytes: bytes.subarray(f.offsetToLocalFileHeader, stored[i + 1]?.offsetToLocalFileHeader ?? centralDirectory),
  }));
  return [
    ...parts.filter((p) => !p.sheet).map((p) => p.bytes),
    ...parts.filter((p) => p.sheet).map((p) => p.bytes),
    bytes.subarray(centralDirectory),
  ];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlText = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? m),
  );

/** The attributes of every `<tag …>` (any namespace prefix), in document order. */
function tags(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\s([^>]*?)/?>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!.replace(/^\w+:/, '')] = xmlText(a[2]!);
    out.push(attrs);
  }
  return out;
}

/** "AB12" → { row: 12, col: 27 } (col 0-based). */
export function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const c of m[1]!) col = col * 26 + c.charCodeAt(0) - 64;
  return { row: Number(m[2]), col: col - 1 };
}

/** 0 → A, 27 → AB */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The entry's XML, inflated in chunks and handed over cut after a '>', so that no tag and no UTF-8
 * character is split between two. A 100,000-row sheet's 50 MB of XML never sits in memory at once,
 * and is never decoded as text: the scan below looks for bytes.
 */
async function scanEntry(bytes: Buffer, e: ZipEntry, onXml: (part: Buffer) => void): Promise<void> {
  const at = e.offsetToLocalFileHeader;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + e.compressedSize);
  if (e.compressionMethod === 0) return onXml(data);
  await new Promise<void>((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 1 << 20 });
    let carry: Buffer = Buffer.alloc(0);
    z.on('data', (chunk: Buffer) => {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = buf.lastIndexOf(0x3e) + 1;
      carry = buf.subarray(cut);
      if (cut) onXml(buf.subarray(0, cut));
    });
    z.on('end', () => {
      if (carry.length) onXml(carry);
      resolve();
    });
    z.on('error', reject);
    z.end(data);
  });
}

const DIMENSION = Buffer.from('dimension ');
const ROW = [Buffer.from('<row '), Buffer.from(':row ')];
const MERGES = Buffer.from('mergeCells');

/** One pass over a sheet's XML: its size (the dimension, else the last row's number) and its merges. */
async function scanSheet(bytes: Buffer, e: ZipEntry): Promise<{ rows: number; merges: Merge[] }> {
  let dimension = 0;
  let lastRow = 0;
  let first = true;
  let tail: Buffer[] | null = null;
  await scanEntry(bytes, e, (xml) => {
    if (first) {
      first = false;
      const d = xml.indexOf(DIMENSION);
      const ref =
        d < 0 ? undefined : tags(xml.subarray(Math.max(0, d - 3), d + 200).toString('utf8'), 'dimension')[0]?.ref;
      dimension = cellRef(ref?.split(':').pop() ?? '')?.row ?? 0;
    }
    if (tail) return void tail.push(xml);
    const r = Math.max(...ROW.map((b) => xml.lastIndexOf(b)));
    if (r >= 0) lastRow = Number(/\sr="(\d+)"/.exec(xml.subarray(r, r + 300).toString('latin1'))?.[1] ?? lastRow);
    const m = xml.indexOf(MERGES);
    if (m >= 0) tail = [xml.subarray(Math.max(0, m - 3))];
  });
  const merges: Merge[] = [];
  for (const { ref } of tags(tail ? Buffer.concat(tail).toString('utf8') : '', 'mergeCell')) {
    const [a, b] = (ref ?? '').split(':').map(cellRef);
    if (a && b) merges.push({ top: a.row, left: a.col, bottom: b.row, right: b.col });
  }
  return { rows: dimension || lastRow, merges };
}

export async function workbookLayout(bytes: Buffer): Promise<WorkbookLayout> {
  const { files, offsetToStartOfCentralDirectory } = await unzipper.Open.buffer(bytes);
  const entry = (path: string) => files.find((f) => f.path === path);
  const text = async (path: string) => (await entry(path)?.buffer())?.toString('utf8') ?? '';
  const rels = new Map(
    tags(await text('xl/_rels/workbook.xml.rels'), 'Relationship').map((r) => [r.Id ?? '', r.Target ?? '']),
  );
  const sheets: SheetInfo[] = [];
  const merges = new Map<string, Merge[]>();
  for (const s of tags(await text('xl/workbook.xml'), 'sheet')) {
    const sheetNo = /sheet(\d+)\.xml$/.exec(rels.get(s.id ?? '') ?? '')?.[1];
    if (!sheetNo) continue; // a chart sheet, or one exceljs's reader would not read either
    const e = entry(`xl/worksheets/sheet${sheetNo}.xml`);
    const found = e ? await scanSheet(bytes, e) : { rows: 0, merges: [] };
    merges.set(sheetNo, found.merges);
    const hidden = /hidden/i.test(s.state ?? '');
    sheets.push({ index: sheets.length + 1, name: s.name ?? `Sheet${sheetNo}`, hidden, sheetNo, rows: found.rows });
  }
  return {
    sheets,
    merges: async (sheetNo) => merges.get(sheetNo) ?? [],
    readingOrder: readingOrder(bytes, files, offsetToStartOfCentralDirectory),
  };
}
