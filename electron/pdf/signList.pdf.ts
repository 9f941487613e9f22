// 签收表: a batch of vouchers handed out at a township office, one line per recipient with room for
// their signature and the date, so that the office can show who received which voucher.
import { A4_PORTRAIT, Report } from './report.pdf';

export interface SignListData {
  bureau: string;
  title: string;
  facts: string[];
  rows: { name: string; idMasked: string; serial: string; place: string }[];
  printedAt: string;
}

export async function renderSignListPdf(d: SignListData): Promise<Buffer> {
  const { left, width } = A4_PORTRAIT;
  const report = new Report(A4_PORTRAIT, { Title: d.title, Author: d.bureau }, (r) => {
    r.doc.font('regular').fontSize(9).fillColor('#666666');
    r.doc.text(d.bureau, left, 28, { width: width / 2 });
    r.doc.text(d.title, left + width / 2, 28, { width: width / 2, align: 'right' });
    r.headerRule(42);
  });
  const doc = report.doc;
  report.title(d.title);
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10).fillColor('#222222').text(d.facts.join('      '), left, doc.y, { width });
  doc.moveDown(0.3);
  report.table({
    headers: ['序号', '姓名', '公民身份号码', '培训券号', '乡镇 / 村', '签收人签字', '签收日期'],
    widths: [30, 52, 104, 110, 84, 66, 53],
    minRowHeight: 26,
    rows: d.rows.map((r, i) => [String(i + 1), r.name, r.idMasked, r.serial, r.place, '', '']),
  });
  const y = doc.y + 20;
  doc
    .font('regular')
    .fontSize(10.5)
    .text('发放经办人：____________    复核：____________    发放日期：____________', left, y, { width });
  return report.finish((p, n) => `第 ${p} 页 共 ${n} 页    打印时间 ${d.printedAt}    ${d.title}`);
}
