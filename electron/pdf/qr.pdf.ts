import QRCode from 'qrcode';

export const QR_ERROR_CORRECTION = 'Q';
export const QR_MAX_VERSION = 11;

export interface QrMatrix {
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

export function qrMatrix(text: string): QrMatrix {
  // Base45 behind an upper-case prefix is all QR alphanumeric: say so rather than let the
  // encoder search for the best segmentation, which costs as much as the rest of the page.
  const data = ALPHANUMERIC.test(text) ? [{ data: text, mode: 'alphanumeric' as const }] : text;
  const qr = QRCode.create(data, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  if (qr.version > QR_MAX_VERSION) throw new Error(`QR version ${qr.version} exceeds ${QR_MAX_VERSION}`);
  return { size: qr.modules.size, version: qr.version, dark: (x, y) => qr.modules.get(y, x) === 1 };
}

interface PathDoc {
  save(): PathDoc;
  restore(): PathDoc;
  translate(x: number, y: number): PathDoc;
  scale(s: number): PathDoc;
  fillColor(color: string): PathDoc;
  addContent(data: string): PathDoc;
}

/**
 * Draws the QR as vector rectangles in module units under one transform, merging runs of dark
 * modules in a row: small integers keep the content stream (and the PDF) small.
 */
export function drawQr(doc: PathDoc, qr: string | QrMatrix, x: number, y: number, sizePt: number): QrMatrix {
  const m = typeof qr === 'string' ? qrMatrix(qr) : qr;
  const quiet = 4;
  const unit = sizePt / (m.size + quiet * 2);
  doc
    .save()
    .translate(x + quiet * unit, y + quiet * unit)
    .scale(unit)
    .fillColor('#000000');
  const ops: string[] = [];
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.dark(col, row)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.dark(col, row)) col++;
      ops.push(`${start} ${row} ${col - start} 1 re`);
    }
  }
  // One fill of all module rectangles, written as raw path operators: thousands of small
  // rect() calls would each go through pdfkit's number formatting.
  doc.addContent(ops.join('\n')).addContent('f').restore();
  return m;
}
