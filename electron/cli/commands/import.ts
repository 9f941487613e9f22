import { readFileSync, writeFileSync } from 'node:fs';
import {
  fieldLabel,
  FILE_VALUE_FIELDS,
  type FileValueField,
  type WorkerImportResult,
} from '../../../shared/contract/schemas/workerImport';
import { PENDING_LABELS, type PendingField } from '../../../shared/contract/schemas/worker';
import { AppError } from '../../core/errors';
import { fieldForHeader } from '../../services/excel/importWords';
import { openCli, type CliRuntime } from '../runtime';
import { list, str, type CliIo, type CommandTable, type Flags } from './types';

const SETTABLE = FILE_VALUE_FIELDS.map(fieldLabel).join('、');

/** --set 户口性质=农业户口 (any header word for the field will do: 户籍性质=农业 too). */
function setValues(flags: Flags): Partial<Record<FileValueField, string>> {
  const out: Partial<Record<FileValueField, string>> = {};
  for (const item of list(flags, 'set')) {
    const [key, value] = item.split(/[=＝](.*)/s, 2).map((s) => s?.trim() ?? '');
    const field = key ? fieldForHeader(key) : null;
    if (!field || !(FILE_VALUE_FIELDS as readonly string[]).includes(field) || !value)
      throw new AppError('VALIDATION', `--set ${item} 无法识别：应写成 --set 字段=取值，可设置的字段：${SETTABLE}`);
    out[field as FileValueField] = value;
  }
  return out;
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new AppError('VALIDATION', `无法读取文件 ${file}`);
  }
}

const CHOSEN_BY = { request: '按 --sheet 指定', header: '按表头识别', only: '唯一的工作表' } as const;

/** What the import read, for the clerk: which sheet, where the header was, which column went where. */
function describe(r: WorkerImportResult, io: CliIo) {
  const l = r.layout;
  if (!l) return;
  if (l.sheets.length > 1)
    io.out(`工作表：“${l.sheetName}”（第 ${l.sheet} 个，${CHOSEN_BY[l.sheetChosenBy]}；用 --sheet 名称或序号可改选）`);
  if (l.headerRow) io.out(`表头：第 ${l.headerRow}${l.headerLines === 2 ? `–${l.headerRow + 1}` : ''} 行`);
  const used = l.columns.filter((c) => c.field).map((c) => `${c.letter}列“${c.header}”→${fieldLabel(c.field!)}`);
  if (used.length) io.out(`列对应：${used.join('、')}`);
  if (l.townshipFrom) io.out(`乡镇：全部行取自表头上方的“${l.townshipFrom}”`);
  if (l.dataEnd) io.out(`数据止于第 ${l.dataEnd.row} 行（“${l.dataEnd.text}”），其后各行不导入`);
}

const pendingByLabel = (counts: WorkerImportResult['pendingCounts']) =>
  Object.fromEntries(Object.entries(counts).map(([f, n]) => [PENDING_LABELS[f as PendingField], n]));

async function importWorkersCommand(flags: Flags, io: CliIo): Promise<number> {
  const cli = await openCli(str(flags, 'db', false));
  try {
    const file = str(flags, 'file', true);
    const sheet = str(flags, 'sheet', false);
    const r = await cli.call('import:workers', {
      fileName: file,
      base64: readFile(file).toString('base64'),
      commit: flags['dry-run'] !== true,
      ...(sheet !== undefined && { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet }),
      values: setValues(flags),
    });
    // A dry run answers with the layout even when the file cannot be imported as it is; say why.
    if (r.layout?.problem) throw new AppError('VALIDATION', r.layout.problem);
    await writeReport(cli, flags, r.errorReportId);
    const l = r.layout;
    if (flags.json) {
      io.out(
        JSON.stringify({
          imported: r.imported,
          rejected: r.rejected,
          errors: r.errors,
          incomplete: r.incomplete,
          pending: pendingByLabel(r.pendingCounts),
          sheet: l?.sheetName,
          headerRow: l?.headerRow,
          columns: Object.fromEntries(
            l?.columns.filter((c) => c.field).map((c) => [c.letter, fieldLabel(c.field!)]) ?? [],
          ),
        }),
      );
      return 0;
    }
    describe(r, io);
    io.out(
      `共 ${r.total} 行：${r.committed ? '导入' : '可导入'} ${r.committed ? r.imported : r.total - r.rejected} 条，未导入 ${r.rejected} 行`,
    );
    if (r.incomplete) {
      const fields = Object.keys(r.pendingCounts).map((f) => PENDING_LABELS[f as PendingField]);
      io.out(
        `其中 ${r.incomplete} 人信息待补充（${fields.join('、')}）：发券前须补充。可在“劳动者档案”中筛选“待补充”逐一补充，` +
          `或重新导入时用 --set ${fields[0]}=… 为全部行设置`,
      );
    }
    for (const e of r.errors.slice(0, 50)) io.out(`  第 ${e.row} 行：${e.reason}`);
    if (r.errors.length > 50) io.out(`  …… 另有 ${r.errors.length - 50} 行，用 --report 文件.xlsx 得到全部`);
    return 0;
  } finally {
    await cli.close();
  }
}

async function writeReport(cli: CliRuntime, flags: Flags, id: string | null) {
  const report = str(flags, 'report', false);
  if (report && id) writeFileSync(report, Buffer.from((await cli.call('artifact:get', { id })).base64, 'base64'));
}

async function importHistoryCommand(flags: Flags, io: CliIo): Promise<number> {
  const cli = await openCli(str(flags, 'db', false));
  try {
    const file = str(flags, 'file', true);
    const r = await cli.call('import:history', {
      fileName: file,
      base64: readFile(file).toString('base64'),
      commit: flags['dry-run'] !== true,
    });
    await writeReport(cli, flags, r.errorReportId);
    if (flags.json) io.out(JSON.stringify({ imported: r.imported, rejected: r.rejected, errors: r.errors }));
    else {
      io.out(`共 ${r.total} 行：导入 ${r.imported} 条，未导入 ${r.rejected} 行`);
      for (const e of r.errors.slice(0, 50)) io.out(`  第 ${e.row} 行：${e.reason}`);
    }
    return 0;
  } finally {
    await cli.close();
  }
}

export const importCommands: CommandTable = {
  'import workers': {
    usage:
      'import workers --db FILE|URL --file FILE.xlsx|.csv [--sheet 名称|序号] [--set 户口性质=农业户口 …] [--dry-run] [--report FILE.xlsx] [--json]   从花名册批量登记劳动者（只导入无误的行；表格没有的户口性质、就业状态、民族、文化程度用 --set 统一设置，否则登记为待补充）',
    run: importWorkersCommand,
  },
  'import history': {
    usage:
      'import history --db FILE|URL --file FILE.xlsx|.csv [--dry-run] [--report FILE.xlsx] [--json]   导入系统启用前的培训记录和证书（标记为补录）',
    run: importHistoryCommand,
  },
};
