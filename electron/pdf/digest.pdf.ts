// 审计摘要: one printed page a day that takes the audit chain's signed head off the machine. The
// head is in text (to read out or type) and in a QR (the whole witness file); what the last day
// wrote and the latest witnesses are listed so the signer can see what they are signing for.
import QRCode from 'qrcode';
import { drawQr, type QrMatrix } from './qr.pdf';
import { A4_PORTRAIT, Report } from './report.pdf';

const MM = 72 / 25.4;

export interface DigestData {
  bureau: string;
  jurisdiction: string;
  generatedAt: string;
  install: string;
  kid: string;
  publicKeyPem: string;
  row: number;
  hash: string;
  keyedFrom: number;
  signature: string;
  /** The witness file's text, carried by the QR and the document information. */
  witnessText: string;
  counts: { channel: string; action: string; n: number }[];
  witnesses: { at: string; kind: string; row: number; hash: string }[];
}

/** The witness is ~400 bytes: more than the voucher QR's size limit, so level M at whatever version fits. */
function witnessQr(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, version: qr.version, dark: (x, y) => qr.modules.get(y, x) === 1 };
}

const groups = (hex: string) => hex.match(/.{1,16}/g)!.join(' ');

export async function renderDigestPdf(d: DigestData): Promise<Buffer> {
  const { left: LEFT, width: WIDTH } = A4_PORTRAIT;
  const report = new Report(
    A4_PORTRAIT,
    { Title: `审计日志摘要 ${d.generatedAt}`, Author: d.bureau, Keywords: d.witnessText },
    (r) => {
      r.doc.font('regular').fontSize(9).fillColor('#666666');
      r.doc.text(`${d.jurisdiction} · ${d.bureau}`, LEFT, 28, { width: WIDTH / 2 });
      r.doc.text(`安装编号 ${d.install}`, LEFT + WIDTH / 2, 28, { width: WIDTH / 2, align: 'right' });
      r.headerRule(42);
    },
  );
  const doc = report.doc;
  report.title('审计日志摘要（签名见证）');
  const top = doc.y + 14;
  const qrSize = 62 * MM;
  drawQr(doc, witnessQr(d.witnessText), LEFT + WIDTH - qrSize, top - 8, qrSize);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#666666')
    .text('二维码即见证文件全文', LEFT + WIDTH - qrSize, top + qrSize - 10, { width: qrSize, align: 'center' });
  const fields: [string, string][] = [
    ['签署时间', d.generatedAt],
    ['链尾记录', `第 ${d.row} 行`],
    ['链尾哈希', groups(d.hash)],
    ['密钥链起点', `第 ${d.keyedFrom} 行`],
    ['见证密钥编号', d.kid],
    ['签名', d.signature],
  ];
  let y = top;
  const textWidth = WIDTH - qrSize - 100;
  for (const [label, value] of fields) {
    doc.font('bold').fontSize(10).fillColor('#222222').text(label, LEFT, y, { width: 84 });
    doc
      .font('regular')
      .fontSize(label === '签名' ? 8 : 10)
      .text(value, LEFT + 86, y, { width: textWidth, characterSpacing: label === '链尾哈希' ? 0.3 : 0 });
    y = Math.max(doc.y, y + 14) + 4;
  }
  doc
    .font('regular')
    .fontSize(7)
    .fillColor('#444444')
    .text(d.publicKeyPem.trim(), LEFT, y + 2, { width: textWidth });
  doc.y = Math.max(doc.y + 8, top + qrSize + 6);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor('#222222')
    .text(
      '请签字后存档（保险柜或档案室）。这张纸证明本时刻的审计记录：此后若有人修改、删除或整体替换第 ' +
        `${d.row} 行及以前的任何记录，用此见证核对即可发现。核对：扫描二维码存为 .witness.json 文件，运行 ` +
        'npm run -s cli -- audit verify --db <数据库文件> --witness <见证文件>。',
      LEFT,
      doc.y,
      { width: WIDTH },
    );
  doc.moveDown(0.6);
  doc.text('核对人签字：____________________    日期：____________________', LEFT, doc.y, { width: WIDTH });
  report.table({
    title: '过去 24 小时写入的审计记录',
    headers: ['接口', '动作', '条数'],
    widths: [WIDTH * 0.5, WIDTH * 0.3, WIDTH * 0.2],
    rows: d.counts.map((c) => [c.channel, c.action, String(c.n)]),
    alignRight: [2],
  });
  report.table({
    title: '最近的见证',
    headers: ['签署时间', '类别', '链尾行', '链尾哈希（前 16 位）'],
    widths: [WIDTH * 0.34, WIDTH * 0.18, WIDTH * 0.16, WIDTH * 0.32],
    rows: d.witnesses.map((w) => [w.at, w.kind, String(w.row), w.hash.slice(0, 16)]),
    alignRight: [2],
  });
  return report.finish((page, pages) => `审计日志摘要 · ${d.generatedAt} · 第 ${page} 页 共 ${pages} 页`);
}
