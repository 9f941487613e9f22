// Finding a roster's header row among its title and 填报 lines, and deciding once per file which
// field each column fills: the clerk's choice, the one remembered for these headers, or the words
// in importWords. Pure, so that it runs on the thread that parses the file.
import { createHash } from 'node:crypto';
import {
  fieldLabel,
  IMPORT_FIELDS,
  type ColumnSource,
  type ImportField,
} from '../../../shared/contract/schemas/workerImport';
import { fieldForHeader, ignoredHeaderNote, normalizeHeader } from './importWords';

/** How far down a header is looked for: rosters put a title, a 填报 line or two, blank rows above it. */
export const HEADER_SEARCH_ROWS = 30;

/** A row is a header when it names at least two fields, one of them the name or the ID number. */
export function isHeaderRow(cells: readonly string[]): boolean {
  const fields = new Set<ImportField>();
  for (const c of cells) {
    const f = c ? fieldForHeader(c) : null;
    if (f) fields.add(f);
  }
  return fields.size >= 2 && (fields.has('name') || fields.has('idNumber'));
}

/** Digits as an ID number or phone has them: such a row holds data, whatever else it says. */
const DATA_LIKE = /\d{7,}/;

/**
 * The line under a header that completes it (两行表头: 联系方式 over 手机 | 住址): it names a field
 * and holds nothing that looks like data.
 */
export function isSecondHeaderLine(cells: readonly string[]): boolean {
  return cells.some((c) => c && fieldForHeader(c)) && !cells.some((c) => DATA_LIKE.test(c));
}

/** Per column, the second line's word where it has one, else the first line's. */
export function joinHeaderLines(first: readonly string[], second: readonly string[]): string[] {
  const n = Math.max(first.length, second.length);
  return Array.from({ length: n }, (_, i) =>
    second[i] && (fieldForHeader(second[i]!) || !first[i]) ? second[i]! : (first[i] ?? ''),
  );
}

/** Identifies a header layout whatever the spacing, brackets or 必填 stars: SHA-256 of its words. */
export function headerSignature(headers: readonly string[]): string {
  const words = headers.map(normalizeHeader);
  while (words.length && !words[words.length - 1]) words.pop();
  return createHash('sha256').update(JSON.stringify(words)).digest('hex');
}

export interface PlannedColumn {
  header: string;
  field: ImportField | null;
  source: ColumnSource;
  note: string | null;
}

export interface ColumnPlan {
  columns: PlannedColumn[];
  signature: string;
  remembered: boolean;
  /** Column index per field, for the row loop. */
  index: Map<ImportField, number>;
}

const FIELDS = new Set<string>(IMPORT_FIELDS.map((f) => f.field));

/**
 * One field per column and one column per field: where two columns fill the same field (联系电话 and
 * 手机), the first wins and the other is shown as ignored, with the reason.
 */
export function planColumns(
  headers: readonly string[],
  choice: { signature: string; columns: readonly (ImportField | null)[] } | undefined,
  remembered: ReadonlyMap<string, readonly (string | null)[]>,
): ColumnPlan {
  const signature = headerSignature(headers);
  const saved = remembered.get(signature);
  const given: ColumnSource = choice?.signature === signature ? 'chosen' : saved ? 'remembered' : 'auto';
  const auto = (i: number) => (headers[i] ? fieldForHeader(headers[i]!) : null);
  const wanted = (i: number): ImportField | null => {
    const f = given === 'chosen' ? choice!.columns[i] : given === 'remembered' ? saved![i] : undefined;
    if (f !== undefined) return f && FIELDS.has(f) ? (f as ImportField) : null;
    return auto(i);
  };
  const index = new Map<ImportField, number>();
  const columns = headers.map((header, i): PlannedColumn => {
    const field = wanted(i);
    // Where the clerk (now or last time) kept what the words say, the column reads as recognised.
    const source = field === auto(i) ? (field ? 'auto' : 'none') : given;
    if (field && index.has(field)) {
      const first = index.get(field)!;
      return {
        header,
        field: null,
        source: 'none',
        note: `与第 ${first + 1} 列同为“${fieldLabel(field)}”，已忽略`,
      };
    }
    if (field) index.set(field, i);
    const note =
      field !== null
        ? null
        : source !== 'auto' && source !== 'none'
          ? '不导入' // the tag beside it says whose choice that was
          : header
            ? (ignoredHeaderNote(header) ?? '未识别的列，不导入')
            : null;
    return { header, field, source, note };
  });
  return { columns, signature, remembered: given === 'remembered', index };
}
