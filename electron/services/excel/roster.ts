// A township's roster (花名册) read as it is: the sheet whose header is recognised, the header found
// under its title and 填报 lines, merged cells filled in, 序号-only and blank rows skipped, the data
// ended by a 合计 row or the signature lines, and every data row checked. Pure (no database), so
// that it runs on the thread that parses the file; what it found comes back as the file's layout.
import { maskIdNumber, maskPhone } from '../../../shared/domain/mask';
import {
  fieldLabel,
  IMPORT_FIELDS,
  type FileValueField,
  type ImportField,
  type ImportLayout,
} from '../../../shared/contract/schemas/workerImport';
import { AppError } from '../../core/errors';
import {
  HEADER_SEARCH_ROWS,
  isHeaderRow,
  isSecondHeaderLine,
  joinHeaderLines,
  planColumns,
  type ColumnPlan,
} from './headerMap';
import { townshipInText } from './importWords';
import { columnLetter, type Merge, type SheetInfo } from './sheetLayout';
import { MAX_ROWS, openSheets, type Row } from './sheetReader';
import { lineOf, mapRow, type CheckedRow, type RowPlan } from './workerRows';

export interface RosterOptions {
  /** A tab's position (1-based) or name; by default the first sheet whose header is recognised. */
  sheet?: number | string | undefined;
  mapping?: { signature: string; columns: (ImportField | null)[] } | undefined;
  /** Remembered mappings: [signature, field per column]. */
  remembered: [string, (string | null)[]][];
  /** Values (codes) for every row, already checked by the caller. */
  values: Partial<Record<FileValueField, string>>;
  /** Every way of writing a township → its code (importWords.townshipAliases). */
  townships: [string, string][];
}

export interface RosterSummary {
  total: number;
  layout: ImportLayout;
}

const SAMPLES = 3;
/** A 合计/总计 row ends the data; a 小计 row is skipped only (groups may follow). */
const TOTAL_ROW = /^(合计|总计|共计|小计)/;
/** Lines under the data: who filled it in, who checked it, stamps and notes. */
const FOOTER =
  /(填表人|填报人|制表人|审核人|审批人|负责人|经办人|签字|签章|盖章|公章|填报日期|填表日期|制表日期|^注[:：]|^说明[:：]|^备注[:：])/;

const maskSample = (v: string) =>
  /^\d{17}[\dXx]$/.test(v) ? maskIdNumber(v) : /^1\d{10}$/.test(v) ? maskPhone(v) : v.slice(0, 40);

class SheetChecker {
  found = false;
  gaveUp = false;
  private above: string[][] = [];
  private header: { row: number; cells: string[] } | null = null;
  private headerLines: 1 | 2 = 1;
  private plan: ColumnPlan | null = null;
  private rowPlan: RowPlan | null = null;
  private mapped: number[] = [];
  private problem: string | null = null;
  private townshipFrom: string | null = null;
  private values: Partial<Record<FileValueField, string>>;
  private samples: string[][] = [];
  private end: { row: number; text: string } | null = null;
  private total = 0;
  private ids = new Map<string, number>();
  private active: { m: Merge; value: string }[] = [];
  private starting: Map<number, Merge[]>;

  constructor(
    readonly info: SheetInfo,
    merges: Merge[],
    private opts: RosterOptions,
    private townships: Map<string, string>,
    private remembered: Map<string, (string | null)[]>,
  ) {
    this.values = { ...opts.values };
    this.starting = new Map();
    for (const m of merges)
      if (m.bottom > m.top || m.right > m.left) this.starting.set(m.top, [...(this.starting.get(m.top) ?? []), m]);
  }

  /** A merged range's value in each of its cells, as Excel shows it (the file keeps it in the first). */
  private fill(r: Row): string[] {
    const cells = r.cells;
    const starts = this.starting.get(r.row);
    if (starts) for (const m of starts) this.active.push({ m, value: cells[m.left] ?? '' });
    if (this.active.length === 0) return cells;
    this.active = this.active.filter((a) => a.m.bottom >= r.row);
    for (const { m, value } of this.active) for (let c = m.left; c <= m.right; c++) if (!cells[c]) cells[c] = value;
    return cells;
  }

  check(r: Row): CheckedRow | null {
    const cells = this.fill(r);
    if (this.end) return null;
    if (this.plan) return this.data(r, cells);
    if (!cells.some((c) => c)) return null;
    if (!this.header) {
      if (isHeaderRow(cells)) {
        this.header = { row: r.row, cells };
        this.found = true;
      } else if (this.above.push(cells) >= HEADER_SEARCH_ROWS) this.gaveUp = true;
      return null;
    }
    if (!this.plan) {
      if (isSecondHeaderLine(cells)) {
        this.makePlan(joinHeaderLines(this.header.cells, cells));
        this.headerLines = 2;
        return null;
      }
      this.makePlan(this.header.cells);
    }
    return this.data(r, cells);
  }

  private makePlan(headers: string[]) {
    const plan = (this.plan = planColumns(headers, this.opts.mapping, this.remembered));
    const col = Object.fromEntries(IMPORT_FIELDS.map((f) => [f.field, plan.index.get(f.field) ?? -1]));
    this.rowPlan = { col: col as RowPlan['col'], values: this.values, townships: this.townships };
    this.mapped = [...plan.index.values()];
    if (!plan.index.has('townshipCode') && !this.values.townshipCode) {
      // 填报单位：龙山镇人民政府, or the township in the title: the whole file is that township's.
      for (const line of this.above) {
        const text = line.filter(Boolean).join(' ');
        const code = townshipInText(this.townships, text);
        if (code) {
          this.values.townshipCode = code;
          this.townshipFrom = text.slice(0, 60);
          break;
        }
      }
    }
    const where = `第 ${this.header!.row} 行的表头（${headers.filter(Boolean).join('、').slice(0, 80)}）`;
    const missing = (['idNumber', 'name'] as const).filter((f) => !plan.index.has(f));
    const problems = missing.map(
      (f) =>
        `${where}中没有对应“${fieldLabel(f)}”的列：请在导入页面为该列选择“${fieldLabel(f)}”，或把表头改为“${fieldLabel(f)}”后重新导入`,
    );
    if (!plan.index.has('townshipCode') && !this.values.townshipCode)
      problems.push(
        '表格中没有“乡镇”列：请在导入页面选择“全部行的乡镇”（命令行用 --set 乡镇=龙山镇），或在表格中加一列“乡镇”',
      );
    this.problem = problems.length ? problems.join('；') : null;
  }

  private data(r: Row, cells: string[]): CheckedRow | null {
    let blank = true; // or 序号 only
    for (const i of this.mapped)
      if (cells[i]) {
        blank = false;
        break;
      }
    if (blank) return null;
    const idCol = this.rowPlan!.col.idNumber;
    // Rows of data carry an ID number: only the others can be a 合计 row or the lines under the data.
    if (idCol < 0 || !cells[idCol]) {
      const text = cells.filter(Boolean).join(' ');
      const total = TOTAL_ROW.exec((cells.find((c) => c) ?? '').replace(/\s/g, ''));
      if (total || FOOTER.test(text)) {
        if (!total || total[1] !== '小计') this.end = { row: r.row, text: text.slice(0, 40) };
        return null;
      }
    }
    if (++this.total > MAX_ROWS) throw new AppError('VALIDATION', `表格超过 ${MAX_ROWS} 行，请分批导入`);
    if (this.samples.length < SAMPLES) this.samples.push(cells.map(maskSample));
    if (this.problem) return null;
    const line = lineOf(cells);
    const { record, reason } = mapRow(cells, r.lossy, this.rowPlan!);
    if (!record) return { row: r.row, line, reason: reason! };
    const earlier = this.ids.get(record.idNumber);
    if (earlier !== undefined) return { row: r.row, line, reason: `与第 ${earlier} 行的身份证号重复` };
    this.ids.set(record.idNumber, r.row);
    return { row: r.row, line, record };
  }

  /** After the last row: what was found, or why nothing can be imported. */
  finish(sheets: SheetInfo[], chosenBy: ImportLayout['sheetChosenBy']): RosterSummary {
    if (this.header && !this.plan) this.makePlan(this.header.cells);
    const base = {
      sheets: sheets.map(({ index, name, rows, hidden }) => ({ index, name, rows, hidden })),
      sheet: this.info.index,
      sheetName: this.info.name,
      sheetChosenBy: chosenBy,
    };
    if (!this.header || !this.plan) {
      if (this.above.length === 0) throw new AppError('VALIDATION', '表格是空的：没有表头和数据');
      const problem =
        `没有找到表头：工作表“${this.info.name}”的前 ${HEADER_SEARCH_ROWS} 行中没有“姓名”“公民身份号码”等列名。` +
        '请确认选择的工作表，或参照“下载模板”把表头改为模板中的列名';
      return {
        total: 0,
        layout: {
          ...base,
          headerRow: 0,
          headerLines: 1,
          columns: [],
          signature: '',
          remembered: false,
          unmapped: [],
          values: this.values,
          townshipFrom: null,
          problem,
          dataEnd: null,
        },
      };
    }
    if (this.total === 0 && !this.problem) throw new AppError('VALIDATION', '表格只有表头，没有数据行');
    const plan = this.plan;
    return {
      total: this.total,
      layout: {
        ...base,
        headerRow: this.header.row,
        headerLines: this.headerLines,
        columns: plan.columns.map((c, i) => ({
          index: i,
          letter: columnLetter(i),
          ...c,
          samples: this.samples.map((s) => s[i] ?? '').filter(Boolean),
        })),
        signature: plan.signature,
        remembered: plan.remembered,
        unmapped: IMPORT_FIELDS.filter((f) => f.need !== 'optional' && !plan.index.has(f.field)).map((f) => f.field),
        values: this.values,
        townshipFrom: this.townshipFrom,
        problem: this.problem,
        dataEnd: this.end,
      },
    };
  }
}

function requested(sheet: number | string, sheets: SheetInfo[]): SheetInfo {
  const found =
    typeof sheet === 'number' || /^\d+$/.test(sheet)
      ? sheets.find((s) => s.index === Number(sheet))
      : sheets.find((s) => s.name === sheet || s.name.trim() === sheet.trim());
  if (found) return found;
  const list = sheets.map((s) => `${s.index}. ${s.name}（${s.rows} 行）`).join('；');
  throw new AppError('VALIDATION', `没有工作表“${sheet}”。本文件的工作表：${list}`);
}

/**
 * Reads the file, handing each data row to `emit` as it is checked; the sheet is the one asked
 * for, else the first visible one whose header is recognised (else the first visible one, whose
 * layout then says that no header was found).
 */
export async function checkRoster(
  fileName: string,
  bytes: Buffer,
  opts: RosterOptions,
  emit: (r: CheckedRow) => void,
): Promise<RosterSummary> {
  const { sheets, stream } = await openSheets(fileName, bytes);
  const want = opts.sheet === undefined ? null : requested(opts.sheet, sheets);
  const visible = sheets.filter((s) => !s.hidden).length;
  const townships = new Map(opts.townships);
  const remembered = new Map(opts.remembered);
  let chosen: SheetChecker | null = null;
  let firstTried: SheetChecker | null = null;
  for await (const s of stream) {
    if (want ? s.info.sheetNo !== want.sheetNo : s.info.hidden && visible > 0) continue;
    const c = new SheetChecker(s.info, await s.merges(), opts, townships, remembered);
    for await (const r of s.rows) {
      const out = c.check(r);
      if (out) emit(out);
      if (c.gaveUp) break;
    }
    if (want || c.found) {
      chosen = c;
      break;
    }
    firstTried ??= c;
  }
  chosen ??= firstTried;
  if (!chosen) throw new AppError('VALIDATION', '表格是空的：没有表头和数据');
  return chosen.finish(sheets, want ? 'request' : visible <= 1 ? 'only' : 'header');
}
