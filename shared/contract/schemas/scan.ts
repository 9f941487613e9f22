// A scanned or typed code in any search box (issue 16 §4): what it stands for, so the box can open it.
import { z } from 'zod';

export const ScanResolveInput = z
  .object({ text: z.string().trim().min(1, '请扫描或输入').max(4000, '扫描内容过长') })
  .strict();

export type ScanTarget =
  | { kind: 'voucher'; voucherId: number; serial: string; workerId: number }
  | { kind: 'extract'; number: string; workerId: number | null; valid: boolean; message: string }
  | { kind: 'worker'; workerId: number }
  /** Not a code this app made, or one that names nothing here: the box searches the text as typed. */
  | { kind: 'none'; message: string | null };

/** Whether typed text looks like a code to resolve rather than words to search (a QR, a serial, a 备用码). */
export function looksLikeCode(text: string): boolean {
  const t = text.trim();
  if (/^LL[VE]1:/.test(t)) return true;
  if (/^\d{6}-?\d{4}-?\d{6}-?[\dXx]$/.test(t)) return true;
  // 备用码: 10 characters of letters and digits, in groups or not; an ID number or phone is digits only.
  const bare = t.replace(/[-\s]/g, '');
  return bare.length === 10 && /[A-Za-z]/.test(bare) && /^[0-9A-Za-z]+$/.test(bare);
}
