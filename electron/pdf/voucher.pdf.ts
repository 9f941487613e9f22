// Printable vouchers: A4 one per page, or two per page for batches. Text stays text (selectable,
// searchable) in an embedded subset of Noto Sans SC; the QR is vector, at least 35 mm wide.
import PDFDocument from 'pdfkit';
import { skillLevel } from '../../shared/catalog/skillLevels';
import { fenToChineseUpper, fenToYuan } from '../../shared/domain/money';
import { maskIdNumber } from '../../shared/domain/mask';
import { fontPath } from './fonts';
import { drawQr, type QrMatrix } from './qr.pdf';
import { qrPipeline } from './qrPool';

export interface VoucherPrint {
  serial: string;
  fallbackCode: string;
  holderName: string;
  idNumber: string;
  planName: string;
  occupationName: string;
  occupationCode: string;
  level: string;
  amountFen: number;
  issueDate: string;
  expiryDate: string;
  institutionName: string | null;
  fundSourceName: string;
  qrText: string;
}

export interface VoucherPdfHeader {
  jurisdictionName: string;
  bureauName: string;
}

export type Layout = 'a4' | 'two';

const MM = 72 / 25.4;
const A4 = { w: 595.28, h: 841.89 };

type Doc = InstanceType<typeof PDFDocument>;

function drawVoucher(
  doc: Doc,
  v: VoucherPrint,
  h: VoucherPdfHeader,
  top: number,
  height: number,
  qr: Promise<QrMatrix>,
) {
  const left = 48;
  const width = A4.w - left * 2;
  const compact = height < 500;
  const qrSize = (compact ? 38 : 45) * MM;
  doc
    .lineWidth(1.2)
    .strokeColor('#b42318')
    .roundedRect(left - 12, top + 12, width + 24, height - 24, 8)
    .stroke();

  doc
    .font('bold')
    .fontSize(compact ? 17 : 21)
    .fillColor('#b42318');
  doc.text(`${h.jurisdictionName}职业技能培训电子培训券`, left, top + (compact ? 26 : 40), { width, align: 'center' });
  doc.font('regular').fontSize(10).fillColor('#444444');
  doc.text(`券号 ${v.serial}`, left, doc.y + 4, { width, align: 'center' });

  const rowsTop = doc.y + (compact ? 10 : 22);
  const textWidth = width - qrSize - 16;
  const level = skillLevel(v.level)?.label ?? v.level;
  const rows: [string, string][] = [
    ['持 券 人', `${v.holderName}（身份证号 ${maskIdNumber(v.idNumber)}）`],
    ['培训计划', v.planName],
    ['职业（工种）', `${v.occupationName}（${v.occupationCode}）`],
    ['技能等级', level],
    ['补贴金额', `¥${fenToYuan(v.amountFen)} 元（${fenToChineseUpper(v.amountFen)}）`],
    ['有 效 期', `${v.issueDate} 至 ${v.expiryDate}`],
    ['定向机构', v.institutionName ?? '不限（任一具备资质的培训机构）'],
    ['资金来源', v.fundSourceName],
    ['发券单位', `${h.bureauName}（${v.issueDate}）`],
  ];
  let y = rowsTop;
  for (const [label, value] of rows) {
    doc
      .font('bold')
      .fontSize(compact ? 10 : 11.5)
      .fillColor('#222222')
      .text(label, left, y, { width: 78, lineBreak: false });
    doc.font('regular').text(value, left + 80, y, { width: textWidth - 80 });
    y = Math.max(doc.y, y + (compact ? 14 : 17)) + (compact ? 2 : 5);
  }

  const qrX = left + width - qrSize;
  doc.font('regular').fontSize(9).fillColor('#444444');
  doc.text('扫码核验', qrX, rowsTop + qrSize - 2, { width: qrSize, align: 'center' });
  doc.font('bold').fontSize(10.5).fillColor('#222222');
  doc.text(`备用码 ${v.fallbackCode}`, qrX - 10, doc.y + 2, { width: qrSize + 20, align: 'center' });

  const notesTop = Math.max(y, rowsTop + qrSize + 36) + (compact ? 4 : 14);
  doc
    .font('bold')
    .fontSize(compact ? 9.5 : 11)
    .fillColor('#b42318')
    .text('使用须知', left, notesTop, { lineBreak: false });
  doc
    .font('regular')
    .fontSize(compact ? 8.5 : 10)
    .fillColor('#333333');
  const notes = [
    '持券参训，无需垫付培训费用：培训补贴由人社部门直接拨付给培训机构。',
    '限本人使用，不得转让；报名时请携带本人身份证，培训机构将扫码核对身份后核销。',
    `有效期至 ${v.expiryDate}，逾期未使用自动作废；每张券只能核销一次。`,
    '二维码无法识别时，可向培训机构出示备用码。如有疑问请咨询县人力资源和社会保障局。',
  ];
  doc.list(notes, left, notesTop + (compact ? 15 : 18), {
    width,
    bulletRadius: 1.5,
    textIndent: 10,
    paragraphGap: compact ? 0 : 2,
  });
  if (!compact) drawRedemptionBox(doc, left, doc.y + 24, width);
  // Drawn last: its matrix may still be coming from the worker while the text above is laid out.
  return qr.then((m) => drawQr(doc, m, qrX, rowsTop - 4, qrSize));
}

/** Room for the institution's stamp on the paper copy; the record that counts is the scan. */
function drawRedemptionBox(doc: Doc, left: number, top: number, width: number) {
  const rowH = 30;
  const labels = ['培训机构名称', '核销日期', '开班编号', '经办人签字', '机构盖章'];
  doc.font('bold').fontSize(11).fillColor('#b42318').text('培训机构核销记录（由培训机构填写）', left, top);
  const boxTop = doc.y + 6;
  doc.lineWidth(0.6).strokeColor('#888888');
  labels.forEach((label, i) => {
    const y = boxTop + i * rowH;
    doc.rect(left, y, width, rowH).stroke();
    doc
      .font('regular')
      .fontSize(10)
      .fillColor('#333333')
      .text(label, left + 8, y + 9, { width: 100, lineBreak: false });
  });
  doc
    .moveTo(left + 110, boxTop)
    .lineTo(left + 110, boxTop + labels.length * rowH)
    .stroke();
}

/** Renders vouchers into one PDF; `onProgress` is called every 50 vouchers. */
export async function renderVouchersPdf(
  vouchers: VoucherPrint[],
  header: VoucherPdfHeader,
  layout: Layout = 'a4',
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: `${header.jurisdictionName}职业技能培训电子培训券`,
      Author: header.bureauName,
      Creator: '龙陵县职业培训电子券与档案',
      // The QR texts, so that a voucher PDF dropped on the scan screen is read without rasterising it.
      Keywords: vouchers.map((v) => v.qrText).join(';'),
    },
  });
  doc.registerFont('regular', fontPath('regular'));
  doc.registerFont('bold', fontPath('bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });
  const perPage = layout === 'two' ? 2 : 1;
  const qrs = qrPipeline(vouchers.map((v) => v.qrText));
  try {
    for (let i = 0; i < vouchers.length; i++) {
      const slot = i % perPage;
      if (slot === 0) doc.addPage();
      const height = A4.h / perPage;
      if (slot === 1) {
        doc
          .save()
          .lineWidth(0.5)
          .dash(4, { space: 4 })
          .strokeColor('#999999')
          .moveTo(20, height)
          .lineTo(A4.w - 20, height)
          .stroke()
          .undash()
          .restore();
      }
      await drawVoucher(doc, vouchers[i]!, header, slot * height, height, qrs.get(i));
      if (onProgress && i % 50 === 49) await onProgress(i + 1, vouchers.length);
    }
  } finally {
    qrs.close();
  }
  if (vouchers.length === 0) doc.addPage();
  doc.end();
  return done;
}
