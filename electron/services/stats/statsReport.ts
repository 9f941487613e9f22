// The statistics as files: an .xlsx with one sheet per table, and a printable report PDF.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { BreakdownRow, StatsDimension } from '../../../shared/contract/schemas/stats';
import { STATS_DIMENSION_LABELS, STATS_DIMENSIONS } from '../../../shared/contract/schemas/stats';
import { localDateTime } from '../../../shared/domain/idNumber';
import { fenToYuan } from '../../../shared/domain/money';
import { isoNow } from '../../core/clock';
import type { Ctx } from '../../core/context';
import type { MonthRange } from '../../db/repos/stats.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { A4_LANDSCAPE, Report } from '../../pdf/report.pdf';
import ExcelJS from '../excel/exceljs';
import { buffer, sheet, YUAN } from '../excel/exports';
import { breakdown, overview } from './stats.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rangeText = (r: MonthRange) =>
  r.from || r.to ? `${r.from ?? '最早'} 至 ${r.to ?? '目前'}（按发券月份）` : '全部（按发券月份）';
const rate = (v: number | null) => (v === null ? '—' : `${v}%`);

const BREAKDOWN_HEADERS = [
  '名称',
  '发券数',
  '核销数',
  '过期数',
  '作废数',
  '结算数',
  '核销率',
  '平均核销天数',
  '承诺金额（元）',
  '已拨付（元）',
];

function breakdownSheet(wb: ExcelJS.Workbook, dim: StatsDimension, rows: BreakdownRow[]) {
  const ws = sheet(wb, STATS_DIMENSION_LABELS[dim], [
    { header: '名称', key: 'label', width: 24 },
    { header: '发券数', key: 'issued', width: 10 },
    { header: '核销数', key: 'redeemed', width: 10 },
    { header: '过期数', key: 'expired', width: 10 },
    { header: '作废数', key: 'revoked', width: 10 },
    { header: '结算数', key: 'settled', width: 10 },
    { header: '核销率', key: 'rate', width: 10, numFmt: '0.0%' },
    { header: '平均核销天数', key: 'days', width: 14, numFmt: '0.0' },
    { header: '承诺金额（元）', key: 'committed', width: 16, numFmt: YUAN },
    { header: '已拨付（元）', key: 'paid', width: 16, numFmt: YUAN },
  ]);
  for (const r of rows)
    ws.addRow({
      ...r,
      rate: r.redemptionRate === null ? null : r.redemptionRate / 100,
      days: r.avgDaysToRedeem,
      committed: r.committedFen / 100,
      paid: r.paidFen / 100,
    });
}

export async function statsXlsx(ctx: Ctx, input: ChannelParsed<'stats:xlsx'>): Promise<Artifact> {
  const wb = new ExcelJS.Workbook();
  if (!input.dim) {
    const o = await overview(ctx.db, input);
    const goals = sheet(wb, '总体目标', [
      { header: '指标', key: 'label', width: 28 },
      { header: '2025 年目标', key: 'target', width: 14 },
      { header: '完成', key: 'actual', width: 12 },
      { header: '完成率', key: 'pct', width: 10, numFmt: '0.0%' },
    ]);
    for (const g of o.county) goals.addRow({ ...g, pct: g.pct / 100 });
    goals.addRow([]);
    goals.addRow([`统计范围：${rangeText(input)}；技能人才与高技能人才按全部档案截至目前统计`]);
    const plans = sheet(wb, '各计划进度', [
      { header: '计划', key: 'plan', width: 26 },
      { header: '牵头单位', key: 'leadUnit', width: 24 },
      { header: '目标', key: 'target', width: 10 },
      { header: '已培训', key: 'trained', width: 10 },
      { header: '已取证', key: 'certified', width: 10 },
      { header: '分项目标', key: 'subs', width: 36 },
    ]);
    for (const p of o.plans)
      plans.addRow({
        ...p,
        subs: p.subtargets.map((s) => `${s.occupationName}证书 ${s.certified}/${s.target}`).join('；'),
      });
  }
  for (const dim of input.dim ? [input.dim] : STATS_DIMENSIONS)
    breakdownSheet(wb, dim, await breakdown(ctx.db, dim, input));
  const suffix = input.dim ? STATS_DIMENSION_LABELS[input.dim] : '全部';
  return { name: `培训券统计-${suffix}.xlsx`, mime: XLSX, base64: (await buffer(wb)).toString('base64') };
}

export async function statsPdf(ctx: Ctx, input: ChannelParsed<'stats:pdf'>): Promise<Artifact> {
  const s = await getSettings(ctx.db);
  const page = A4_LANDSCAPE;
  const printed = localDateTime(isoNow(ctx.clock));
  const report = new Report(page, { Title: '职业培训电子券统计报表', Author: s.bureauName }, (r) => {
    r.doc.font('regular').fontSize(9).fillColor('#666666');
    r.doc.text(s.bureauName, page.left, 24, { width: page.width / 2 });
    r.doc.text(`统计范围 ${rangeText(input)}`, page.left + page.width / 2, 24, {
      width: page.width / 2,
      align: 'right',
    });
    r.headerRule(38);
  });
  report.title(`${s.jurisdictionName}职业培训电子券统计报表`);
  const o = await overview(ctx.db, input);
  report.table({
    title: '2025 年总体目标',
    headers: ['指标', '目标', '完成', '完成率'],
    widths: [300, 150, 150, 160],
    alignRight: [1, 2, 3],
    rows: o.county.map((g) => [g.label, String(g.target), String(g.actual), `${g.pct}%`]),
  });
  report.table({
    title: '各计划（项目）进度',
    headers: ['计划', '牵头单位', '目标', '已培训', '已取证', '分项目标'],
    widths: [170, 150, 70, 70, 70, 230],
    alignRight: [2, 3, 4],
    rows: o.plans.map((p) => [
      p.plan,
      p.leadUnit,
      p.target === null ? '—' : String(p.target),
      String(p.trained),
      String(p.certified),
      p.subtargets.map((t) => `${t.occupationName}证书 ${t.certified}/${t.target}`).join('；'),
    ]),
  });
  for (const dim of STATS_DIMENSIONS)
    report.table({
      title: STATS_DIMENSION_LABELS[dim],
      headers: BREAKDOWN_HEADERS,
      widths: [150, 60, 60, 60, 60, 60, 60, 80, 85, 85],
      alignRight: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      rows: (await breakdown(ctx.db, dim, input)).map((r) => [
        r.label,
        String(r.issued),
        String(r.redeemed),
        String(r.expired),
        String(r.revoked),
        String(r.settled),
        rate(r.redemptionRate),
        r.avgDaysToRedeem === null ? '—' : String(r.avgDaysToRedeem),
        fenToYuan(r.committedFen),
        fenToYuan(r.paidFen),
      ]),
    });
  const pdf = await report.finish((p, n) => `第 ${p} 页 共 ${n} 页    打印时间 ${printed}`);
  return { name: '培训券统计报表.pdf', mime: 'application/pdf', base64: pdf.toString('base64') };
}

export const statsReportHandlers = {
  'stats:xlsx': statsXlsx,
  'stats:pdf': statsPdf,
};
