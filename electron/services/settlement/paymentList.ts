// 拨付明细: the payment list the finance bureau pays from, as .xlsx and as a PDF to sign, with the
// total in figures and in Chinese uppercase.
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { SettlementDetail } from '../../../shared/contract/schemas/settlement';
import { SETTLEMENT_STATUS_LABELS } from '../../../shared/contract/schemas/settlement';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import { fenToYuan } from '../../../shared/domain/money';
import { localDateTime } from '../../../shared/domain/idNumber';
import { A4_LANDSCAPE, Report } from '../../pdf/report.pdf';
import ExcelJS from '../excel/exceljs';
import { buffer, date, sheet, YUAN } from '../excel/exports';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const levelName = (code: string) => skillLevel(code)?.label ?? code;
const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
const RULES = { full: '全额', partial: '按比例' } as const;

export async function paymentListXlsx(b: SettlementDetail, bureau: string): Promise<Artifact> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, '拨付明细', [
    { header: '序号', key: 'no', width: 6 },
    { header: '券号', key: 'serial', width: 24 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '公民身份号码', key: 'id', width: 22 },
    { header: '培训计划', key: 'plan', width: 22 },
    { header: '职业（工种）', key: 'occ', width: 16 },
    { header: '等级', key: 'level', width: 14 },
    { header: '资金来源', key: 'fund', width: 14 },
    { header: '出勤率', key: 'pct', width: 8 },
    { header: '券面金额（元）', key: 'face', width: 14, numFmt: YUAN },
    { header: '拨付金额（元）', key: 'amount', width: 14, numFmt: YUAN },
    { header: '拨付规则', key: 'rule', width: 10 },
    { header: '已追回（元）', key: 'recovered', width: 12, numFmt: YUAN },
  ]);
  b.items.forEach((i, n) =>
    ws.addRow({
      no: n + 1,
      serial: i.serial,
      name: i.workerName,
      id: i.idNumberMasked,
      plan: i.planName,
      occ: i.occupationName,
      level: levelName(i.level),
      fund: i.fundSourceName,
      pct: pct(i.attendancePct),
      face: i.faceFen / 100,
      amount: i.amountFen / 100,
      rule: RULES[i.rule],
      recovered: i.recoveredFen / 100,
    }),
  );
  const total = ws.addRow({
    no: '合计',
    serial: `${b.items.length} 张`,
    face: b.items.reduce((s, i) => s + i.faceFen, 0) / 100,
    amount: b.totalFen / 100,
    recovered: b.recoveredFen / 100,
  });
  total.font = { bold: true };
  ws.addRow([]);
  ws.addRow(['', `合计金额（大写）：${b.totalUpper}`]).font = { bold: true };
  const info = wb.addWorksheet('批次信息');
  info.columns = [
    { header: '项目', key: 'k', width: 16 },
    { header: '内容', key: 'v', width: 48 },
  ];
  info.getRow(1).font = { bold: true };
  const rows: [string, unknown][] = [
    ['拨付单位', bureau],
    ['结算批次号', b.number],
    ['收款培训机构', b.institutionName],
    ['状态', SETTLEMENT_STATUS_LABELS[b.status]],
    ['券数', b.voucherCount],
    ['合计（元）', b.totalFen / 100],
    ['合计（大写）', b.totalUpper],
    ['制单人', `${b.preparedBy} ${localDateTime(b.preparedAt)}`],
    ['复核人', b.reviewedBy ? `${b.reviewedBy} ${localDateTime(b.reviewedAt!)}` : '—'],
    ['拨付日期', date(b.paidOn)],
    ['拨付凭证号', b.paymentRef ?? '—'],
  ];
  for (const [k, v] of rows) info.addRow({ k, v });
  info.getCell('B7').numFmt = YUAN;
  info.getCell('B11').numFmt = 'yyyy-mm-dd';
  return { name: `拨付明细-${b.number}.xlsx`, mime: XLSX, base64: (await buffer(wb)).toString('base64') };
}

export async function paymentListPdf(b: SettlementDetail, bureau: string, printedAt: string): Promise<Artifact> {
  const page = A4_LANDSCAPE;
  const report = new Report(page, { Title: `拨付明细 ${b.number}`, Author: bureau }, (r) => {
    r.doc.font('regular').fontSize(9).fillColor('#666666');
    r.doc.text(bureau, page.left, 24, { width: page.width / 2 });
    r.doc.text(`结算批次 ${b.number}`, page.left + page.width / 2, 24, { width: page.width / 2, align: 'right' });
    r.headerRule(38);
  });
  const doc = report.doc;
  report.title('职业培训补贴拨付明细表');
  doc.moveDown(0.5);
  const facts = [
    `收款培训机构：${b.institutionName}`,
    `状态：${SETTLEMENT_STATUS_LABELS[b.status]}`,
    `拨付日期：${b.paidOn ?? '—'}`,
    `拨付凭证号：${b.paymentRef ?? '—'}`,
  ];
  doc
    .font('regular')
    .fontSize(10.5)
    .fillColor('#222222')
    .text(facts.join('      '), page.left, doc.y, { width: page.width });
  doc.moveDown(0.3);
  const widths = [30, 116, 50, 110, 120, 90, 80, 44, 60, 60];
  report.table({
    headers: [
      '序号',
      '券号',
      '姓名',
      '公民身份号码',
      '培训计划',
      '职业（工种）',
      '等级',
      '出勤率',
      '券面金额',
      '拨付金额',
    ],
    widths,
    alignRight: [7, 8, 9],
    rows: b.items.map((i, n) => [
      String(n + 1),
      i.serial,
      i.workerName,
      i.idNumberMasked,
      i.planName,
      i.occupationName,
      levelName(i.level),
      pct(i.attendancePct),
      fenToYuan(i.faceFen),
      fenToYuan(i.amountFen) + (i.rule === 'partial' ? '（比例）' : ''),
    ]),
    totals: [
      [
        '合计',
        `${b.items.length} 张`,
        '',
        '',
        '',
        '',
        '',
        '',
        fenToYuan(b.items.reduce((s, i) => s + i.faceFen, 0)),
        fenToYuan(b.totalFen),
      ],
    ],
  });
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#222222')
    .text(`合计金额（小写）：¥${fenToYuan(b.totalFen)}    合计金额（大写）：${b.totalUpper}`, page.left, doc.y + 6);
  if (b.recoveredFen > 0)
    doc
      .font('regular')
      .fontSize(10)
      .text(`其中已追回：¥${fenToYuan(b.recoveredFen)}`, page.left, doc.y + 4);
  if (doc.y + 60 > page.bottom) report.newPage();
  const y = doc.y + 24;
  const col = page.width / 3;
  const sign = [`制单：${b.preparedBy}`, `复核：${b.reviewedBy ?? '____________'}`, '财务审核：____________'];
  sign.forEach((t, i) =>
    doc
      .font('regular')
      .fontSize(10.5)
      .text(t, page.left + col * i, y, { width: col }),
  );
  const pdf = await report.finish((p, n) => `第 ${p} 页 共 ${n} 页    打印时间 ${printedAt}    ${b.number}`);
  return { name: `拨付明细-${b.number}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
}
