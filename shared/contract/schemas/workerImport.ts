// Importing a roster (花名册) as a township made it: which fields its columns fill (表头映射), values
// set once for the whole file, and what the check found — shared by the service, the CLI and the UI.
import { z } from 'zod';
import type { ImportResult } from './excel';
import { PENDABLE_FIELDS, type PendingField } from './worker';

/** The fields a column can fill, in the template's order; `need` says what happens when none does. */
export const IMPORT_FIELDS = [
  { field: 'name', label: '姓名', need: 'required' },
  { field: 'idNumber', label: '公民身份号码', need: 'required' },
  { field: 'ethnicity', label: '民族', need: 'pendable' },
  { field: 'education', label: '文化程度', need: 'pendable' },
  { field: 'phone', label: '手机号码', need: 'optional' },
  { field: 'townshipCode', label: '乡镇', need: 'required' },
  { field: 'village', label: '村（社区）', need: 'optional' },
  { field: 'address', label: '详细地址', need: 'optional' },
  { field: 'householdType', label: '户口性质', need: 'pendable' },
  { field: 'employmentStatus', label: '就业状态', need: 'pendable' },
  { field: 'targetGroups', label: '重点群体', need: 'optional' },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]['field'];
const FIELD_KEYS = IMPORT_FIELDS.map((f) => f.field) as [ImportField, ...ImportField[]];
export const fieldLabel = (f: ImportField) => IMPORT_FIELDS.find((x) => x.field === f)!.label;

/** Fields that may be set once for every row of a file: the township, and those left 待补充 otherwise. */
export const FILE_VALUE_FIELDS = ['townshipCode', ...PENDABLE_FIELDS] as const;
export type FileValueField = (typeof FILE_VALUE_FIELDS)[number];

const value = z.string().trim().max(40, '取值过长').optional();

export const WorkerImportInput = z
  .object({
    fileName: z.string().min(1).max(200),
    base64: z.string().max(90_000_000, '文件过大（最大 60 MB）'),
    commit: z.boolean().default(false),
    /** A tab's position (1-based) or name; by default the first sheet whose header is recognised. */
    sheet: z.union([z.number().int().min(1).max(500), z.string().trim().min(1).max(100)]).optional(),
    /**
     * The clerk's choice per column (index = column, null = 忽略), for the headers it was made on:
     * ignored when the file's header signature differs. Remembered for the next file on commit.
     */
    mapping: z
      .object({
        signature: z.string().regex(/^[0-9a-f]{64}$/),
        columns: z.array(z.enum(FIELD_KEYS).nullable()).max(300),
      })
      .strict()
      .optional(),
    /** Values for every row, for fields no column fills: a code or the label as the template writes it. */
    values: z
      .object({
        townshipCode: value,
        ethnicity: value,
        education: value,
        householdType: value,
        employmentStatus: value,
      })
      .strict()
      .default({}),
  })
  .strict();

export type WorkerImportRequest = z.input<typeof WorkerImportInput>;

/** Where a column's field came from: the clerk, the last file with these headers, the word list, or nothing. */
export type ColumnSource = 'chosen' | 'remembered' | 'auto' | 'none';

export interface ImportColumn {
  /** 0-based; `letter` is Excel's name for it (A, B, …). */
  index: number;
  letter: string;
  header: string;
  field: ImportField | null;
  source: ColumnSource;
  /** Why a column is ignored on purpose (序号, 性别 …), or that a second column for a field is ignored. */
  note: string | null;
  /** The first few values, ID numbers and phones masked. */
  samples: string[];
}

export interface ImportSheet {
  index: number;
  name: string;
  /** The last used row of the sheet, title rows included. */
  rows: number;
  hidden: boolean;
}

export interface ImportLayout {
  sheets: ImportSheet[];
  /** The sheet read (`ImportSheet.index`), and how it was chosen. */
  sheet: number;
  sheetName: string;
  sheetChosenBy: 'request' | 'header' | 'only';
  /** 1-based row of the header (the second line of a two-line header is `headerRow + 1`). */
  headerRow: number;
  headerLines: 1 | 2;
  columns: ImportColumn[];
  signature: string;
  /** The mapping was the one remembered for these headers. */
  remembered: boolean;
  /** Required or pendable fields that no column fills (`values` may fill them). */
  unmapped: ImportField[];
  /** The file-wide values in force (codes), including a township read from a 填报单位 line. */
  values: Partial<Record<FileValueField, string>>;
  /** Set when the township came from the lines above the header rather than from the clerk. */
  townshipFrom: string | null;
  /** Where the data stopped: a 合计 row or the signature lines under it (rows after it are not read). */
  dataEnd: { row: number; text: string } | null;
  /** What stops the file from being imported as mapped (e.g. no column for the ID number). */
  problem: string | null;
}

export interface WorkerImportResult extends ImportResult {
  layout: ImportLayout | null;
  /** Valid rows (or imported workers) with fields still to be completed, and which fields. */
  incomplete: number;
  pendingCounts: Partial<Record<PendingField, number>>;
}
