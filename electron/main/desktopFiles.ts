// What window.desktop may hand the main process: a PDF or an Excel workbook, at most 64 MB, whose
// name, declared type and first bytes agree. Nothing else is written to disk or opened, so a page
// cannot use "open in the system viewer" to start a program.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { Result } from '../../shared/contract/result';
import { PDF_MIME, XLSX_MIME } from './desktopChannels';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface FileKind {
  mime: string;
  ext: string;
  filter: string;
  magic: Buffer;
}

export const KINDS: readonly FileKind[] = [
  { mime: PDF_MIME, ext: '.pdf', filter: 'PDF 文件', magic: Buffer.from('%PDF-') },
  { mime: XLSX_MIME, ext: '.xlsx', filter: 'Excel 工作簿', magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]) },
];
const PDF = KINDS[0]!;

const kindOfMime = (mime: string) => KINDS.find((k) => k.mime === mime) ?? null;
const kindOfName = (name: string) => KINDS.find((k) => extname(name).toLowerCase() === k.ext) ?? null;

const base64 = z
  .string()
  .min(1, '文件为空')
  .max(Math.ceil(MAX_FILE_BYTES / 3) * 4, '文件过大（超过 64 MB）')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容格式错误')
  .refine((s) => s.length % 4 === 0, '文件内容格式错误');
const name = z.string().trim().min(1, '缺少文件名').max(255, '文件名过长');

export const SaveInput = z.strictObject({ name, mime: z.enum([PDF_MIME, XLSX_MIME]), base64 });
export const OpenInput = z.strictObject({
  name: name.refine((n) => kindOfName(n) !== null, '只能打开 PDF 或 Excel 文件'),
  base64,
});
export const PrintInput = z.strictObject({ base64 });

export interface CheckedFile {
  name: string;
  kind: FileKind;
  bytes: Buffer;
}

const invalid = (message: string): Result<never> => ({ ok: false, error: { code: 'VALIDATION', message } });

/** A file name safe on Windows and Linux, with the extension its type requires. */
export function safeFileName(raw: string, kind: FileKind): string {
  let n = (raw.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"|?*\u0000-\u001f]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(n)) n = `_${n}`;
  if (!n) n = '文件';
  return extname(n).toLowerCase() === kind.ext ? n : `${n}${kind.ext}`;
}

function decode(rawName: string, kind: FileKind, b64: string): Result<CheckedFile> {
  const bytes = Buffer.from(b64, 'base64');
  if (!bytes.subarray(0, kind.magic.length).equals(kind.magic)) {
    return invalid(`文件内容与文件类型（${kind.ext}）不符`);
  }
  return { ok: true, value: { name: safeFileName(rawName, kind), kind, bytes } };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): Result<z.infer<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : invalid(r.error.issues[0]?.message ?? '参数错误');
}

export function checkSave(input: unknown): Result<CheckedFile> {
  const r = parse(SaveInput, input);
  return r.ok ? decode(r.value.name, kindOfMime(r.value.mime)!, r.value.base64) : r;
}

export function checkOpen(input: unknown): Result<CheckedFile> {
  const r = parse(OpenInput, input);
  return r.ok ? decode(r.value.name, kindOfName(r.value.name)!, r.value.base64) : r;
}

export function checkPrint(input: unknown): Result<CheckedFile> {
  const r = parse(PrintInput, input);
  return r.ok ? decode('打印.pdf', PDF, r.value.base64) : r;
}

/** Each file in a folder of its own, so it keeps its name (the viewer shows it) without clashing. */
export function writeTemp(tempDir: string, file: CheckedFile): string {
  const dir = join(tempDir, randomUUID());
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file.name);
  writeFileSync(path, file.bytes);
  return path;
}

/** Files opened in a previous session: the viewers that showed them are long closed. */
export function clearTemp(tempDir: string): void {
  try {
    rmSync(tempDir, { recursive: true, force: true });
  } catch {
    // A viewer may still hold one open (Windows); they are cleared at the next start.
  }
}
