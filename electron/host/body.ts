// How much the web host reads of a request body, and from whom. Before login nobody needs more
// than a username and a password; files (imports, exchange packages, scanned PDFs) come only with a
// session; and all bodies being received at once share one budget, so parallel uploads cannot
// make the host buffer gigabytes.
import type { IncomingMessage } from 'node:http';
import type { ChannelName } from '../../shared/contract/channels';

const KB = 1024;
const MB = 1024 * KB;

/** Public channels (login, first-run setup, session), unknown channels and callers without a session. */
export const PUBLIC_MAX_BODY = 64 * KB;
/** Channels of a signed-in user that carry no file: forms, lists of ids (a 20,000-worker batch is ~200 KB). */
export const USER_MAX_BODY = 1 * MB;
/** All bodies being received at the same moment, together. */
export const IN_FLIGHT_BUDGET = 256 * MB;

/**
 * Channels that carry a file, sized from their schema's limit plus the JSON around it: base64 of a
 * 60 MB spreadsheet (90 M characters), a scanned PDF (70 M), a claim or status package (50 M
 * characters, mostly ASCII), a trust bundle (5 M characters, some of them Chinese).
 */
const FILE_CHANNELS: Partial<Record<ChannelName, number>> = {
  'import:workers': 92 * MB,
  'import:history': 92 * MB,
  'scan:pdfCodes': 72 * MB,
  'claims:import': 64 * MB,
  'status:import': 64 * MB,
  'institution:bind': 64 * MB,
  'institution:setup': 16 * MB,
};

export function bodyLimit(channel: ChannelName | null, signedIn: boolean, isPublic: boolean): number {
  if (!channel || !signedIn || isPublic) return PUBLIC_MAX_BODY;
  return FILE_CHANNELS[channel] ?? USER_MAX_BODY;
}

export const formatBytes = (n: number) => (n >= MB ? `${Math.round(n / MB)} MB` : `${Math.round(n / KB)} KB`);

/** A refusal the host answers with its own HTTP status and a Chinese message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: 'VALIDATION' | 'FORBIDDEN' | 'BUSY' | 'UNKNOWN_CHANNEL' | 'INTERNAL' = 'VALIDATION',
  ) {
    super(message);
  }
}

/** The bytes of all bodies being received, shared by the requests of one host. */
export class InFlight {
  private used = 0;
  constructor(readonly budget = IN_FLIGHT_BUDGET) {}

  reserve(n: number): boolean {
    if (this.used + n > this.budget) return false;
    this.used += n;
    return true;
  }

  release(n: number): void {
    this.used -= n;
  }

  get bytes(): number {
    return this.used;
  }
}

const tooLarge = (limit: number, signedIn: boolean) =>
  new HttpError(
    413,
    signedIn
      ? `请求内容过大：此操作最多接受 ${formatBytes(limit)}`
      : `请求内容过大：未登录时最多接受 ${formatBytes(limit)}，请先登录`,
  );
const busy = () => new HttpError(503, '服务器正在接收其他上传的文件，请稍后重试', 'BUSY');

/**
 * Reads a body of at most `limit` bytes. A declared Content-Length is checked and reserved before
 * anything is read; a body sent in chunks reserves as it arrives. The reservation is released
 * however the request ends.
 */
export function readBody(req: IncomingMessage, limit: number, inFlight: InFlight, signedIn: boolean): Promise<Buffer> {
  const header = req.headers['content-length'];
  const declared = header === undefined ? null : Number(header);
  if (declared !== null && !(Number.isSafeInteger(declared) && declared >= 0)) {
    return Promise.reject(new HttpError(400, '请求头 Content-Length 无效'));
  }
  if (declared !== null && declared > limit) return Promise.reject(tooLarge(limit, signedIn));
  let reserved = declared ?? 0;
  if (!inFlight.reserve(reserved)) return Promise.reject(busy());

  return new Promise<Buffer>((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      inFlight.release(reserved);
      reserved = 0;
      req.off('data', onData);
      if (error) {
        chunks.length = 0;
        // Stop reading what is left; the answer is sent with Connection: close.
        req.pause();
        fail(error);
      } else ok(Buffer.concat(chunks, size));
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) return finish(tooLarge(limit, signedIn));
      if (size > reserved) {
        if (!inFlight.reserve(size - reserved)) return finish(busy());
        reserved = size;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => finish(null));
    req.on('error', () => finish(new HttpError(400, '请求在传输中断开')));
    req.on('close', () => settled || finish(new HttpError(400, '请求在传输中断开')));
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a UTF-8 JSON body; an empty body is `{}`. */
export function parseJson(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new HttpError(400, '请求内容不是有效的 UTF-8 编码');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, '请求内容不是有效的 JSON');
  }
}
