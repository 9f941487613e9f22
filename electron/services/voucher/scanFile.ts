import type { ChannelParsed } from '../../../shared/contract/channels';
import { AppError } from '../../core/errors';
import type { Ctx } from '../../core/context';
import { VOUCHER_PREFIX } from '../qr/voucherClaims';

const CODE = new RegExp(`${VOUCHER_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9A-Z $%*+\\-./:]+`, 'g');

/** Voucher PDFs made by this app carry their QR texts in the document information. */
export function codesInPdf(bytes: Buffer): string[] {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('VALIDATION', '文件不是 PDF');
  return [...new Set(bytes.toString('latin1').match(CODE) ?? [])];
}

export const scanFileHandlers = {
  'scan:pdfCodes': (_ctx: Ctx, input: ChannelParsed<'scan:pdfCodes'>): string[] => {
    const codes = codesInPdf(Buffer.from(input.base64, 'base64'));
    if (codes.length === 0)
      throw new AppError('RULE', '此 PDF 中没有本系统的培训券二维码；请拖入本系统打印的培训券 PDF，或拖入培训券的照片');
    return codes;
  },
};
