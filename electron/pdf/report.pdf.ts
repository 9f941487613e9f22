// The printed reports' common frame (archive extract, payment list, statistics report): A4 pages
// with a running header, tables that run across pages with their headers repeated, and a footer
// on every page saying 第 X 页 共 Y 页.
import PDFDocument from 'pdfkit';
import { fontPath } from './fonts';

export type Doc = InstanceType<typeof PDFDocument>;

export interface PageLayout {
  layout: 'portrait' | 'landscape';
  w: number;
  h: number;
  left: number;
  width: number;
  bottom: number;
}

function a4(layout: 'portrait' | 'landscape', left: number): PageLayout {
  const [w, h] = layout === 'portrait' ? [595.28, 841.89] : [841.89, 595.28];
  return { layout, w, h, left, width: w - left * 2, bottom: h - 60 };
}

export const A4_PORTRAIT = a4('portrait', 48);
export const A4_LANDSCAPE = a4('landscape', 40);

export interface ReportTable {
  title?: string;
  headers: string[];
  widths: number[];
  rows: string[][];
  /** Rows drawn bold and shaded after the data, e.g. 合计. */
  totals?: string[][];
  /** Columns whose text is right-aligned (amounts). */
  alignRight?: number[];
  /** The least height of a data row, e.g. room for a signature. */
  minRowHeight?: number;
}

export class Report {
  readonly doc: Doc;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;

  constructor(
    readonly page: PageLayout,
    info: { Title: string; Author: string; Keywords?: string },
    private readonly header: (r: Report) => void,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: page.layout,
      margin: 0,
      autoFirstPage: false,
      bufferPages: true,
      compress: true,
      info,
    });
    this.doc.registerFont('regular', fontPath('regular'));
    this.doc.registerFont('bold', fontPath('bold'));
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.finished = new Promise<Buffer>((ok, fail) => {
      this.doc.on('end', () => ok(Buffer.concat(this.chunks)));
      this.doc.on('error', fail);
    });
    this.newPage();
  }

  newPage() {
    this.doc.addPage();
    this.header(this);
  }

  /** A thin rule under a running header, with the body starting below it. */
  headerRule(y: number) {
    const { left, width } = this.page;
    this.doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor('#cccccc')
      .stroke();
    this.doc.y = y + 10;
  }

  title(text: string, color = '#b42318') {
    const { left, width } = this.page;
    this.doc
      .font('bold')
      .fontSize(18)
      .fillColor(color)
      .text(text, left, this.doc.y + 6, { width, align: 'center' });
  }

  private rowHeight(cells: string[], widths: number[]): number {
    this.doc.font('regular').fontSize(9);
    return Math.max(...cells.map((c, i) => this.doc.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 8;
  }

  private drawRow(
    cells: string[],
    t: Pick<ReportTable, 'widths' | 'alignRight'>,
    y: number,
    h: number,
    kind: 'head' | 'body' | 'total',
  ) {
    const bold = kind !== 'body';
    let x = this.page.left;
    this.doc.lineWidth(0.5).strokeColor('#999999');
    cells.forEach((c, i) => {
      const w = t.widths[i]!;
      if (bold) this.doc.rect(x, y, w, h).fillAndStroke('#f0f0f0', '#999999');
      else this.doc.rect(x, y, w, h).stroke();
      this.doc
        .font(bold ? 'bold' : 'regular')
        .fontSize(9)
        .fillColor('#222222')
        .text(c, x + 3, y + 4, {
          width: w - 6,
          align: t.alignRight?.includes(i) && kind !== 'head' ? 'right' : 'left',
        });
      x += w;
    });
  }

  table(t: ReportTable) {
    const { left, bottom } = this.page;
    const doc = this.doc;
    if (doc.y + 60 > bottom) this.newPage();
    if (t.title)
      doc
        .font('bold')
        .fontSize(12)
        .fillColor('#b42318')
        .text(`${t.title}（${t.rows.length} 条）`, left, doc.y + 10);
    let y = doc.y + 4;
    const head = () => {
      const h = this.rowHeight(t.headers, t.widths);
      this.drawRow(t.headers, t, y, h, 'head');
      y += h;
    };
    head();
    if (t.rows.length === 0) {
      this.drawRow(['无记录'], { widths: [t.widths.reduce((a, b) => a + b, 0)] }, y, 18, 'body');
      y += 18;
    }
    const rows = [...t.rows.map((r) => [r, false] as const), ...(t.totals ?? []).map((r) => [r, true] as const)];
    for (const [row, bold] of rows) {
      const h = Math.max(this.rowHeight(row, t.widths), bold ? 0 : (t.minRowHeight ?? 0));
      if (y + h > bottom) {
        this.newPage();
        y = doc.y;
        doc
          .font('regular')
          .fontSize(9)
          .fillColor('#666666')
          .text(`${t.title ?? ''}（续）`, left, y);
        y = doc.y + 2;
        head();
      }
      this.drawRow(row, t, y, h, bold ? 'total' : 'body');
      y += h;
    }
    doc.y = y + 4;
  }

  /** Writes every page's footer, then ends the document. */
  async finish(footer: (page: number, pages: number) => string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      this.doc
        .font('regular')
        .fontSize(8.5)
        .fillColor('#666666')
        .text(footer(i + 1, range.count), this.page.left, this.page.h - 40, {
          width: this.page.width,
          align: 'center',
          lineBreak: false,
        });
    }
    this.doc.end();
    return this.finished;
  }
}
