import { PdfReady } from '../../app/PdfReady';
import type { PdfFile } from './api';

/** The generated 拨付明细 PDF. */
export function PdfLinks({ file }: { file: PdfFile }) {
  return <PdfReady file={file} label="拨付明细 PDF 已生成" />;
}
