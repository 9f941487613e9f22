// QR texts from a file the operator drops: a photo or scan of the voucher (decoded here), or
// a voucher PDF printed by this app (its codes are read by the service).
import { call } from '../../app/api';

export class ScanFileError extends Error {}

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new ScanFileError('文件读取失败，请重新选择'));
    reader.readAsDataURL(blob);
  });
}

const isPdf = (f: File) => f.type === 'application/pdf' || /\.pdf$/i.test(f.name);
const isImage = (f: File) => /^image\/(png|jpeg)$/.test(f.type) || /\.(png|jpe?g)$/i.test(f.name);

export const ACCEPTED_FILES = '.png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf';

/** Throws ScanFileError or ApiError with a message for the operator. */
export async function codesFromFile(file: File): Promise<string[]> {
  if (isPdf(file)) return call('scan:pdfCodes', { base64: await blobToBase64(file) });
  if (!isImage(file)) throw new ScanFileError('只能识别 PNG、JPG 图片或本系统打印的培训券 PDF');
  const { decodeQr } = await import('./zxing');
  let codes: string[];
  try {
    codes = await decodeQr(file);
  } catch {
    throw new ScanFileError('图片无法识别：请确认是 PNG 或 JPG 图片');
  }
  if (codes.length === 0) throw new ScanFileError('图片中没有识别到二维码：请换一张更清晰、二维码完整的照片');
  return codes;
}
