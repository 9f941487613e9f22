// 档案摘要: A4 for the window. Tables run across pages with their headers repeated; every page
// says 第 X 页 共 Y 页, when it was made and by whom; the first page carries the signed QR.
import type { ExtractSnapshot } from '../services/archive/snapshot';
import { drawQr } from './qr.pdf';
import { A4_PORTRAIT, Report } from './report.pdf';

const MM = 72 / 25.4;

export async function renderExtractPdf(s: ExtractSnapshot, qrText: string): Promise<Buffer> {
  const { left: LEFT, width: WIDTH } = A4_PORTRAIT;
  const report = new Report(
    A4_PORTRAIT,
    { Title: `职业培训电子档案摘要 ${s.number}`, Author: s.bureau, Keywords: qrText },
    (r) => {
      r.doc.font('regular').fontSize(9).fillColor('#666666');
      r.doc.text(`${s.jurisdiction} · ${s.bureau}`, LEFT, 28, { width: WIDTH / 2 });
      r.doc.text(`摘要编号 ${s.number}`, LEFT + WIDTH / 2, 28, { width: WIDTH / 2, align: 'right' });
      r.headerRule(42);
    },
  );
  const doc = report.doc;
  report.title(`${s.jurisdiction}劳动者职业培训电子档案摘要`);
  const top = doc.y + 14;
  const qrSize = 36 * MM;
  drawQr(doc, qrText, LEFT + WIDTH - qrSize, top - 6, qrSize);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#666666')
    .text('扫码核验真伪', LEFT + WIDTH - qrSize, top + qrSize - 8, { width: qrSize, align: 'center' });
  let y = top;
  for (const [label, value] of s.identity) {
    doc.font('bold').fontSize(10.5).fillColor('#222222').text(label, LEFT, y, { width: 90 });
    doc.font('regular').text(value, LEFT + 92, y, { width: WIDTH - qrSize - 110 });
    y = Math.max(doc.y, y + 15) + 3;
  }
  doc.y = Math.max(y, top + qrSize + 10);
  for (const t of s.tables) report.table(t);
  return report.finish(
    (page, pages) =>
      `第 ${page} 页 共 ${pages} 页    生成时间 ${s.generatedAt}    经办人 ${s.operator}    本摘要以二维码核验为准`,
  );
}
