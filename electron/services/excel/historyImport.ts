// Trainings and certificates from before the system, brought in from the spreadsheets windows
// kept: checked row by row like the worker import, valid rows written in one transaction, marked 补录.
import { randomUUID } from 'node:crypto';
import { SKILL_LEVELS } from '../../../shared/catalog/skillLevels';
import { CERTIFICATE_TYPES } from '../../../shared/contract/schemas/training';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { controlCharMessage, hasControlChar, oneLine } from '../../../shared/domain/text';
import { appendAudit } from '../../db/repos/audit.repo';
import { insertHistoricalTraining } from '../../db/repos/archive.repo';
import { getOccupation } from '../../db/repos/catalog.repo';
import { certificateByNumber, insertCertificate } from '../../db/repos/training.repo';
import { findWorkerByIdNumber } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import type { Ctx, JobCtx } from '../../core/context';
import { AppError } from '../../core/errors';
import { inScope, townshipScope } from '../../core/townshipScope';
import ExcelJS from './exceljs';
import { MAX_ROWS, readRows } from './sheetReader';
import type { ImportOutcome } from './workerImport';

export const HISTORY_HEADERS = [
  '公民身份号码',
  '记录类型',
  '机构',
  '职业编码',
  '等级',
  '开始日期',
  '结束日期',
  '学时',
  '结果',
  '证书类型',
  '证书编号',
];
const REQUIRED = ['公民身份号码', '记录类型', '机构', '职业编码', '等级', '开始日期'];
const RESULTS: Record<string, 'passed' | 'failed' | 'unknown'> = {
  合格: 'passed',
  不合格: 'failed',
  不详: 'unknown',
  '': 'unknown',
};

type Record_ =
  | {
      kind: 'training';
      workerId: number;
      institutionName: string;
      occupationCode: string;
      level: string;
      startDate: string;
      endDate: string;
      hours: number;
      result: 'passed' | 'failed' | 'unknown';
    }
  | {
      kind: 'certificate';
      workerId: number;
      issuingBody: string;
      occupationCode: string;
      level: string;
      issuedOn: string;
      type: string;
      number: string;
    };

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const normDate = (s: string) =>
  s
    .replace(/[/.年月]/g, '-')
    .replace(/日$/, '')
    .replace(/-(\d)(?=-|$)/g, '-0$1');

async function mapRow(ctx: Ctx, get: (h: string) => string, numbers: Set<string>): Promise<Record_ | string> {
  for (const h of REQUIRED) if (!get(h)) return `缺少必填项“${h}”`;
  for (const h of HISTORY_HEADERS) if (hasControlChar(get(h))) return controlCharMessage(h);
  const id = checkIdNumber(get('公民身份号码'), { allowUnlistedAddress: true });
  if (!id.ok) return `公民身份号码：${id.message}`;
  const worker = await findWorkerByIdNumber(ctx.db, id.idNumber);
  // Another township's worker reads as unregistered to a township clerk (core/townshipScope).
  if (!worker || !inScope(townshipScope(ctx), worker.townshipCode)) return '该身份证号尚未登记，请先登记劳动者';
  const occupationCode = get('职业编码');
  if (!(await getOccupation(ctx.db, occupationCode))) return `职业编码 ${occupationCode} 不在职业目录中`;
  const level = SKILL_LEVELS.find(
    (l) => l.label === get('等级') || l.short === get('等级') || l.code === get('等级'),
  )?.code;
  if (!level) return `未知的等级“${get('等级')}”`;
  const start = normDate(get('开始日期'));
  if (!isDate(start)) return `日期“${get('开始日期')}”格式应为 YYYY-MM-DD`;
  if (get('记录类型') === '培训记录') {
    const end = normDate(get('结束日期') || get('开始日期'));
    if (!isDate(end) || end < start) return '结束日期无效或早于开始日期';
    const hours = Number(get('学时') || '0');
    if (!Number.isInteger(hours) || hours < 1 || hours > 5000) return '学时应为 1–5000 的整数';
    const result = RESULTS[get('结果')];
    if (!result) return `结果应为“合格”“不合格”或“不详”`;
    return {
      kind: 'training',
      workerId: worker.id,
      institutionName: get('机构'),
      occupationCode,
      level,
      startDate: start,
      endDate: end,
      hours,
      result,
    };
  }
  if (get('记录类型') === '证书') {
    const type = CERTIFICATE_TYPES.find((t) => t.label === get('证书类型'))?.code;
    if (!type) return `未知的证书类型“${get('证书类型')}”`;
    const number = get('证书编号');
    if (number.length < 4) return '证书编号至少 4 位';
    if (numbers.has(number)) return `证书编号 ${number} 在本表中重复`;
    if (await certificateByNumber(ctx.db, number)) return `证书编号 ${number} 已被使用`;
    numbers.add(number);
    return {
      kind: 'certificate',
      workerId: worker.id,
      issuingBody: get('机构'),
      occupationCode,
      level,
      issuedOn: start,
      type,
      number,
    };
  }
  return '记录类型应为“培训记录”或“证书”';
}

export async function importHistory(
  ctx: JobCtx,
  fileName: string,
  bytes: Buffer,
  commit: boolean,
): Promise<ImportOutcome> {
  let index: Map<string, number> | null = null;
  const valid: { row: number; rec: Record_ }[] = [];
  const rejectedRows: ImportOutcome['rejectedRows'] = [];
  const numbers = new Set<string>();
  let total = 0;
  for await (const { row, cells } of readRows(fileName, bytes)) {
    if (cells.every((c) => !c)) continue;
    if (!index) {
      index = new Map(cells.map((c, i) => [c.replace(/\*$/, ''), i]));
      const missing = REQUIRED.filter((h) => !index!.has(h));
      if (missing.length)
        throw new AppError('VALIDATION', `表头不正确：缺少“${missing.join('、')}”列。请使用历史记录导入模板`);
      continue;
    }
    if (++total > MAX_ROWS) throw new AppError('VALIDATION', `表格超过 ${MAX_ROWS} 行，请分批导入`);
    // One-line cells, as the worker import reads them: a line break in 机构 is a space (domain/text).
    const get = (h: string) => oneLine(cells[index!.get(h) ?? -1] ?? '').trim();
    const r = await mapRow(ctx, get, numbers);
    if (typeof r === 'string') rejectedRows.push({ row, cells, reason: r });
    else valid.push({ row, rec: r });
  }
  if (!index) throw new AppError('VALIDATION', '表格是空的：没有表头和数据');
  if (total === 0) throw new AppError('VALIDATION', '表格只有表头，没有数据行');
  if (commit && valid.length) {
    const at = isoNow(ctx.clock);
    const user = ctx.session?.user;
    await ctx.write(async (w) => {
      for (const { row, rec } of valid) {
        if (rec.kind === 'training') await insertHistoricalTraining(w.db, { ...rec, note: `表格导入第 ${row} 行`, at });
        else
          await insertCertificate(w.db, {
            uid: randomUUID(),
            serial: null,
            workerId: rec.workerId,
            type: rec.type,
            number: rec.number,
            occupationCode: rec.occupationCode,
            level: rec.level,
            issuingBody: rec.issuingBody,
            issuedOn: rec.issuedOn,
            historical: 1,
            at,
          });
        await appendAudit(w.db, w.secrets, {
          at,
          userId: user?.id ?? null,
          username: user?.username ?? null,
          channel: 'import:history',
          action: rec.kind === 'training' ? 'addHistoricalTraining' : 'addHistoricalCertificate',
          entity: 'worker',
          entityId: String(rec.workerId),
          before: null,
          after: { ...rec, row },
        });
      }
    });
  }
  return {
    total,
    imported: commit ? valid.length : 0,
    rejected: rejectedRows.length,
    errors: rejectedRows.map((r) => ({ row: r.row, reason: r.reason })),
    rejectedRows,
    committed: commit,
  };
}

export async function historyTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史培训与证书', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HISTORY_HEADERS.map((h) => ({
    header: REQUIRED.includes(h) ? `${h}*` : h,
    width: h === '机构' ? 28 : 16,
  }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn(1).numFmt = '@';
  const lists: [number, string[]][] = [
    [2, ['培训记录', '证书']],
    [5, SKILL_LEVELS.map((l) => l.label)],
    [9, ['合格', '不合格', '不详']],
    [10, CERTIFICATE_TYPES.map((t) => t.label)],
  ];
  for (const [col, list] of lists) {
    for (let r = 2; r <= 2001; r++)
      ws.getCell(r, col).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${list.join(',')}"`] };
  }
  ws.addRow([
    '530523199001011234',
    '培训记录',
    '龙陵县职业技能培训学校',
    '6-31-01-03',
    '五级/初级工',
    '2015-03-01',
    '2015-03-20',
    80,
    '合格',
    '',
    '',
  ]);
  ws.addRow([
    '530523199001011234',
    '证书',
    '保山市职业技能鉴定中心',
    '6-31-01-03',
    '四级/中级工',
    '2016-01-01',
    '',
    '',
    '',
    '职业技能等级证书',
    'S2016-0001',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
