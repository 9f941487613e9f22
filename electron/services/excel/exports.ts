// Spreadsheets for other offices: dates as dates, money as numbers in 元 with two decimals,
// ID numbers masked unless the caller's role may see them (and then the export is audited).
import ExcelJS from './exceljs';
import { PENDING_MARK as PENDING } from '../../../shared/contract/schemas/worker';
import { VOUCHER_STATUS_LABELS } from '../../../shared/contract/schemas/voucher';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  labelOf,
  TARGET_GROUPS,
} from '../../../shared/catalog/workerOptions';
import { maskIdNumber, maskPhone } from '../../../shared/domain/mask';
import {
  vouchersForExport,
  workersForExport,
  type VoucherExportFilter,
  type WorkerExportFilter,
} from '../../db/repos/exports.repo';
import type { Queryable } from '../../db/driver/types';
import type { Archive } from '../../../shared/contract/schemas/archive';

export const YUAN = '#,##0.00';
export const date = (s: string | null) => (s ? new Date(`${s.slice(0, 10)}T00:00:00Z`) : null);

export function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  cols: { header: string; key: string; width: number; numFmt?: string }[],
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

export const buffer = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

export async function exportWorkers(db: Queryable, filter: WorkerExportFilter, fullId: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, '劳动者', [
    { header: '姓名', key: 'name', width: 12 },
    { header: '公民身份号码', key: 'id', width: 22 },
    { header: '性别', key: 'gender', width: 6 },
    // With masked numbers, the year only: the date is the 8 digits the mask hides.
    fullId
      ? { header: '出生日期', key: 'birth', width: 12, numFmt: 'yyyy-mm-dd' }
      : { header: '出生年份', key: 'birth', width: 10 },
    { header: '民族', key: 'eth', width: 10 },
    { header: '文化程度', key: 'edu', width: 14 },
    { header: '手机号码', key: 'phone', width: 14 },
    { header: '乡镇', key: 'township', width: 18 },
    { header: '村（社区）', key: 'village', width: 14 },
    { header: '户口性质', key: 'hh', width: 12 },
    { header: '就业状态', key: 'emp', width: 12 },
    { header: '重点群体', key: 'groups', width: 24 },
  ]);
  for await (const w of workersForExport(db, filter)) {
    ws.addRow({
      name: w.name,
      id: fullId ? w.id_number : maskIdNumber(w.id_number!),
      gender: w.gender === 'M' ? '男' : '女',
      birth: fullId ? date(w.birth_date ?? null) : Number(w.birth_date!.slice(0, 4)),
      eth: w.ethnicity ?? PENDING,
      edu: labelOf(EDUCATIONS, w.education) || PENDING,
      phone: fullId ? w.phone : maskPhone(w.phone),
      township: w.township,
      village: w.village,
      hh: labelOf(HOUSEHOLD_TYPES, w.household_type) || PENDING,
      emp: labelOf(EMPLOYMENT_STATUSES, w.employment_status) || PENDING,
      groups: (w.groups ?? '')
        .split(',')
        .filter(Boolean)
        .map((g) => labelOf(TARGET_GROUPS, g))
        .join('、'),
    });
  }
  return buffer(wb);
}

export async function exportVouchers(db: Queryable, filter: VoucherExportFilter, fullId: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, '培训券', [
    { header: '券号', key: 'serial', width: 22 },
    { header: '持券人', key: 'name', width: 12 },
    { header: '公民身份号码', key: 'id', width: 22 },
    { header: '培训计划', key: 'plan', width: 24 },
    { header: '职业（工种）', key: 'occ', width: 16 },
    { header: '等级', key: 'level', width: 14 },
    { header: '面额（元）', key: 'amount', width: 12, numFmt: YUAN },
    { header: '发放日期', key: 'issue', width: 12, numFmt: 'yyyy-mm-dd' },
    { header: '有效期至', key: 'expiry', width: 12, numFmt: 'yyyy-mm-dd' },
    { header: '状态', key: 'status', width: 12 },
    { header: '定向机构', key: 'inst', width: 26 },
  ]);
  for await (const v of vouchersForExport(db, filter)) {
    ws.addRow({
      serial: v.serial,
      name: v.name,
      id: fullId ? v.id_number : maskIdNumber(String(v.id_number)),
      plan: v.plan,
      occ: v.occ,
      level: skillLevel(String(v.level))?.label,
      amount: Number(v.amount_fen) / 100,
      issue: date(String(v.issue_date)),
      expiry: date(String(v.expiry_date)),
      status: VOUCHER_STATUS_LABELS[v.status as keyof typeof VOUCHER_STATUS_LABELS],
      inst: v.inst ?? '不限',
    });
  }
  return buffer(wb);
}

export async function exportArchive(a: Archive, fullId: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const info = sheet(wb, '基本信息', [
    { header: '项目', key: 'k', width: 16 },
    { header: '内容', key: 'v', width: 40 },
  ]);
  const w = a.worker;
  for (const [k, v] of [
    ['姓名', w.name],
    ['公民身份号码', fullId ? w.idNumber : maskIdNumber(w.idNumber)],
    fullId && w.birthDate ? ['出生日期', w.birthDate] : ['出生年份', `${w.birthYear} 年`],
    ['乡镇', w.townshipName],
    ['重点群体', w.targetGroups.map((g) => labelOf(TARGET_GROUPS, g)).join('、')],
  ])
    info.addRow({ k, v });
  const tr = sheet(wb, '培训记录', [
    { header: '培训机构', key: 'inst', width: 26 },
    { header: '职业（工种）', key: 'occ', width: 16 },
    { header: '等级', key: 'level', width: 14 },
    { header: '开始日期', key: 'start', width: 12, numFmt: 'yyyy-mm-dd' },
    { header: '结束日期', key: 'end', width: 12, numFmt: 'yyyy-mm-dd' },
    { header: '学时', key: 'hours', width: 8 },
    { header: '结果', key: 'result', width: 10 },
    { header: '来源', key: 'src', width: 10 },
  ]);
  for (const t of a.trainings)
    tr.addRow({
      inst: t.institutionName,
      occ: t.occupationName,
      level: skillLevel(t.level)?.label,
      start: date(t.startDate),
      end: date(t.endDate || null),
      hours: t.hours,
      result: { passed: '合格', failed: '不合格', unknown: '不详' }[t.result ?? 'unknown'],
      src: t.source === 'historical' ? '补录' : '系统',
    });
  const ce = sheet(wb, '证书', [
    { header: '证书编号', key: 'no', width: 22 },
    { header: '职业（工种）', key: 'occ', width: 16 },
    { header: '等级', key: 'level', width: 14 },
    { header: '发证机构', key: 'body', width: 24 },
    { header: '发证日期', key: 'on', width: 12, numFmt: 'yyyy-mm-dd' },
  ]);
  for (const c of a.certificates)
    ce.addRow({
      no: c.number,
      occ: c.occupationName,
      level: skillLevel(c.level)?.label,
      body: c.issuingBody,
      on: date(c.issuedOn),
    });
  const su = sheet(wb, '补贴', [
    { header: '券号', key: 'serial', width: 22 },
    { header: '金额（元）', key: 'amount', width: 12, numFmt: YUAN },
    { header: '拨付日期', key: 'date', width: 12, numFmt: 'yyyy-mm-dd' },
    { header: '培训机构', key: 'inst', width: 26 },
    { header: '资金来源', key: 'fund', width: 16 },
  ]);
  for (const s of a.subsidies)
    su.addRow({
      serial: s.serial,
      amount: s.amountFen / 100,
      date: date(s.date),
      inst: s.institutionName,
      fund: s.fundSourceName,
    });
  return buffer(wb);
}
