// The desktop app's way of working (issue 14 §2): 单机 (its own database) or 连接县级服务器 (every call
// forwarded over HTTPS to the county server, whose certificate is pinned by its SHA-256 fingerprint).
// Shared by the main process, which checks what the page asks for, and the page's form, which says
// what is wrong before anything is sent.
import { z } from 'zod';

export type ServerChoice = { mode: 'server'; server: string; fingerprint: string };
export type ConnectionChoice = { mode: 'local' } | ServerChoice;

/** What the main process tells the page about the server: reachable, or why not (in Chinese). */
export interface ConnectionState {
  online: boolean;
  message?: string;
}

/** What window.desktop.connection.get answers: the choice (null on first start) and the server's state. */
export interface ConnectionInfo {
  choice: ConnectionChoice | null;
  state: ConnectionState;
}

type Parsed = { ok: true; value: string } | { ok: false; message: string };

/**
 * `https://HOST:PORT` (or HOST:PORT, https assumed), normalized to its origin. A path, query,
 * user name or plain http is refused: the app talks to the server's /api/ and nothing else.
 */
export function parseServerAddress(raw: string): Parsed {
  const text = raw.trim();
  if (!text) return { ok: false, message: '请输入服务器地址，例如 https://10.1.2.3:8443' };
  if (/^http:\/\//i.test(text)) return { ok: false, message: '服务器地址必须以 https:// 开头（加密连接）' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, message: '服务器地址格式不正确，应为 https://地址:端口' };
  }
  if (url.protocol !== 'https:') return { ok: false, message: '服务器地址必须以 https:// 开头（加密连接）' };
  if (url.username || url.password) return { ok: false, message: '服务器地址中不能含有用户名或密码' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, message: '服务器地址只需填写 https://地址:端口，不要带路径' };
  }
  if (!url.hostname) return { ok: false, message: '服务器地址格式不正确，应为 https://地址:端口' };
  return { ok: true, value: url.origin };
}

/**
 * A SHA-256 fingerprint as OpenSSL, Node and browsers print it: 64 hex digits, with or without
 * colons or spaces, in either case, with or without a "SHA256 Fingerprint=" label. Normalized to
 * upper case with colons (AB:CD:…), the form Node reports for the server's certificate.
 */
export function parseFingerprint(raw: string): Parsed {
  const text = raw
    .trim()
    .replace(/^sha-?256(\s*fingerprint)?\s*[:=]?\s*/i, '')
    .replace(/[\s:-]/g, '');
  if (!text) return { ok: false, message: '请输入服务器证书的 SHA-256 指纹' };
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    return { ok: false, message: '证书指纹应为 64 位十六进制数字（可用冒号分隔），请向县人社局系统管理员核对' };
  }
  return { ok: true, value: text.toUpperCase().match(/../g)!.join(':') };
}

const parsedBy = (parse: (raw: string) => Parsed) =>
  z.string().transform((raw, ctx) => {
    const r = parse(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });

/** What the page may hand the main process; it is parsed (and normalized) again there. */
export const ConnectionChoiceInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('local') }),
  z.strictObject({
    mode: z.literal('server'),
    server: parsedBy(parseServerAddress),
    fingerprint: parsedBy(parseFingerprint),
  }),
]);

export const MODE_LABELS = { local: '单机（本机数据库）', server: '连接县级服务器' } as const;
