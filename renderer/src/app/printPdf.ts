import type { ReadyPdf } from './PdfReady';

/**
 * Opens the print dialog for a PDF straight away (issue 16 §7: 打印培训券 was four more clicks in
 * the browser). The desktop app prints through the system dialog; a browser loads the PDF into a
 * hidden frame and prints that frame. The page's PdfReady buttons stay as the way back, should the
 * browser print nothing (a PDF viewer turned off).
 */
export function printPdf(file: ReadyPdf): void {
  if (window.desktop) {
    void window.desktop.print({ base64: file.base64 });
    return;
  }
  const frame = document.createElement('iframe');
  frame.dataset.print = file.name;
  frame.title = `打印 ${file.name}`;
  // Off screen, not display:none: a frame that is not rendered does not load its PDF viewer.
  Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '1px', height: '1px', border: '0' });
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } catch {
      // A browser that will not print a PDF frame: the 打开 PDF button is there.
    }
  };
  frame.src = file.url;
  document.querySelectorAll('iframe[data-print]').forEach((f) => f.remove());
  document.body.append(frame);
}
