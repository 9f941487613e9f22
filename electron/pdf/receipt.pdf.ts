// 核销回执: what the trainee takes home after the institution redeemed their voucher — that the
// training is paid by the bureau straight to the institution (免垫付), what it is, and when it was
// accepted. Half an A4 page, so two fit on one sheet if printed twice (one kept, one handed over).
import { A4_PORTRAIT, Report } from './report.pdf';

export interface ReceiptData {
  bureau: string;
  institution: string;
  holderName: string;
  idLast4: string;
  serial: string;
  plan: string;
  occupation: string;
  level: string;
  amount: string;
  amountUpper: string;
  redeemedAt: string;
  operator: string;
  printedAt: string;
}

export async function renderReceiptPdf(d: ReceiptData): Promise<Buffer> {
  const { left, width } = A4_PORTRAIT;
  const report = new Report(A4_PORTRAIT, { Title: `培训券核销回执 ${d.serial}`, Author: d.institution }, (r) => {
    r.doc.font('regular').fontSize(9).fillColor('#666666');
    r.doc.text(d.bureau, left, 28, { width: width / 2 });
    r.doc.text(`券号 ${d.serial}`, left + width / 2, 28, { width: width / 2, align: 'right' });
    r.headerRule(42);
  });
  const doc = report.doc;
  report.title('职业技能培训电子培训券核销回执');
  doc.moveDown(0.8);
  const rows: [string, string][] = [
    ['学员姓名', `${d.holderName}（身份证尾号 ${d.idLast4}）`],
    ['培训机构', d.institution],
    ['培训券号', d.serial],
    ['培训计划', d.plan],
    ['职业（工种）', d.occupation],
    ['技能等级', d.level],
    ['补贴金额', `${d.amount}（${d.amountUpper}）`],
    ['核销时间', d.redeemedAt],
    ['经办人', d.operator],
  ];
  let y = doc.y;
  for (const [label, value] of rows) {
    doc.font('bold').fontSize(11).fillColor('#222222').text(label, left, y, { width: 100 });
    doc
      .font('regular')
      .fontSize(11)
      .text(value, left + 104, y, { width: width - 104 });
    y = Math.max(doc.y, y + 18) + 5;
  }
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#444444')
    .text(
      '说明：培训补贴由人力资源和社会保障局按规定直接拨付给培训机构，学员无需垫付任何费用。请按时参加培训并签到、签退；' +
        '出勤率达到规定要求并通过结业考核后方可结业。本回执请妥善保管。',
      left,
      y + 10,
      { width },
    );
  const sy = doc.y + 36;
  doc.font('regular').fontSize(11).fillColor('#222222');
  doc.text('学员签字：________________', left, sy, { width: width / 2 });
  doc.text('培训机构（盖章）：________________', left + width / 2, sy, { width: width / 2 });
  return report.finish(() => `打印时间 ${d.printedAt}    ${d.institution}`);
}
