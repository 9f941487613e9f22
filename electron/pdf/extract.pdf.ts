// 档案摘要: A4 for the window. Tables run across pages with their headers repeated; every page
// says 第 X 页 共 Y 页, when it was made and by whom; the first page carries the signed QR.
import PDFDocument from 'pdfkit';
import type { ExtractSnapshot } from '../services/archive/snapshot';
import { fontPath } from './fonts';
import { drawQr } from './qr.pdf';

type Doc = InstanceType<typeof PDFDocument>;
const A4 = { w: 595.28, h: 841.89 };
const LEFT = 48;
const WIDTH = A4.w - LEFT * 2;
const BOTTOM = A4.h - 60;
const MM = 72 / 25.4;

function header(doc: Doc, s: ExtractSnapshot) {
  doc.font('regular').fontSize(9).fillColor('#666666');
  doc.text(`${s.jurisdiction} · ${s.bureau}`, LEFT, 28, { width: WIDTH / 2 });
  doc.text(`摘要编号 ${s.number}`, LEFT + WIDTH / 2, 28, { width: WIDTH / 2, align: 'right' });
  doc
    .moveTo(LEFT, 42)
    .lineTo(LEFT + WIDTH, 42)
    .lineWidth(0.5)
    .strokeColor('#cccccc')
    .stroke();
  doc.y = 52;
}

function newPage(doc: Doc, s: ExtractSnapshot) {
  doc.addPage();
  header(doc, s);
}

function rowHeight(doc: Doc, cells: string[], widths: number[]): number {
  doc.font('regular').fontSize(9);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 8;
}

function drawRow(doc: Doc, cells: string[], widths: number[], y: number, h: number, bold: boolean) {
  let x = LEFT;
  doc.lineWidth(0.5).strokeColor('#999999');
  cells.forEach((c, i) => {
    const w = widths[i]!;
    if (bold) doc.rect(x, y, w, h).fillAndStroke('#f0f0f0', '#999999');
    else doc.rect(x, y, w, h).stroke();
    doc
      .font(bold ? 'bold' : 'regular')
      .fontSize(9)
      .fillColor('#222222')
      .text(c, x + 3, y + 4, { width: w - 6 });
    x += w;
  });
}

function table(doc: Doc, s: ExtractSnapshot, t: ExtractSnapshot['tables'][number]) {
  if (doc.y + 60 > BOTTOM) newPage(doc, s);
  doc
    .font('bold')
    .fontSize(12)
    .fillColor('#b42318')
    .text(`${t.title}（${t.rows.length} 条）`, LEFT, doc.y + 10);
  let y = doc.y + 4;
  const head = () => {
    const h = rowHeight(doc, t.headers, t.widths);
    drawRow(doc, t.headers, t.widths, y, h, true);
    y += h;
  };
  head();
  if (t.rows.length === 0) {
    drawRow(doc, ['无记录'], [t.widths.reduce((a, b) => a + b, 0)], y, 18, false);
    y += 18;
  }
  for (const row of t.rows) {
    const h = rowHeight(doc, row, t.widths);
    if (y + h > BOTTOM) {
      newPage(doc, s);
      y = doc.y;
      doc.font('regular').fontSize(9).fillColor('#666666').text(`${t.title}（续）`, LEFT, y);
      y = doc.y + 2;
      head();
    }
    drawRow(doc, row, t.widths, y, h, false);
    y += h;
  }
  doc.y = y + 4;
}

export async function renderExtractPdf(s: ExtractSnapshot, qrText: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    info: { Title: `职业培训电子档案摘要 ${s.number}`, Author: s.bureau, Keywords: qrText },
  });
  doc.registerFont('regular', fontPath('regular'));
  doc.registerFont('bold', fontPath('bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });
  newPage(doc, s);
  doc
    .font('bold')
    .fontSize(18)
    .fillColor('#b42318')
    .text(`${s.jurisdiction}劳动者职业培训电子档案摘要`, LEFT, doc.y + 6, { width: WIDTH, align: 'center' });
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
  for (const t of s.tables) table(doc, s, t);
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.font('regular').fontSize(8.5).fillColor('#666666');
    doc.text(
      `第 ${i + 1} 页 共 ${range.count} 页    生成时间 ${s.generatedAt}    经办人 ${s.operator}    本摘要以二维码核验为准`,
      LEFT,
      A4.h - 40,
      { width: WIDTH, align: 'center', lineBreak: false },
    );
  }
  doc.end();
  return done;
}
