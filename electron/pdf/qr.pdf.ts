import QRCode from 'qrcode';

export const QR_ERROR_CORRECTION = 'Q';
export const QR_MAX_VERSION = 11;

export interface QrMatrix {
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  if (qr.version > QR_MAX_VERSION) throw new Error(`QR version ${qr.version} exceeds ${QR_MAX_VERSION}`);
  return { size: qr.modules.size, version: qr.version, dark: (x, y) => qr.modules.get(y, x) === 1 };
}

interface PathDoc {
  save(): PathDoc;
  restore(): PathDoc;
  translate(x: number, y: number): PathDoc;
  scale(s: number): PathDoc;
  rect(x: number, y: number, w: number, h: number): PathDoc;
  fill(color: string): PathDoc;
}

/**
 * Draws the QR as vector rectangles in module units under one transform, merging runs of dark
 * modules in a row: small integers keep the content stream (and the PDF) small.
 */
export function drawQr(doc: PathDoc, text: string, x: number, y: number, sizePt: number): QrMatrix {
  const m = qrMatrix(text);
  const quiet = 4;
  const unit = sizePt / (m.size + quiet * 2);
  doc
    .save()
    .translate(x + quiet * unit, y + quiet * unit)
    .scale(unit);
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.dark(col, row)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.dark(col, row)) col++;
      doc.rect(start, row, col - start, 1);
    }
  }
  doc.fill('#000000').restore();
  return m;
}
