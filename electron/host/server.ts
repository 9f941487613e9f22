import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { channels, isChannelName } from '../../shared/contract/channels';
import type { AppErrorBody, Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../main/security';
import { bodyLimit, HttpError, InFlight, parseJson, readBody } from './body';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const INTERNAL = '系统内部错误，请求未完成。请联系系统管理员。';

export interface HostOptions {
  port?: number;
  staticDir?: string;
  /** All request bodies being received at once, in bytes (default IN_FLIGHT_BUDGET). */
  inFlightBudget?: number;
}

function send(res: ServerResponse, status: number, body: Result<unknown>, close = false) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
    // A refused upload is not read to its end: the connection closes after the answer.
    ...(close ? { Connection: 'close' } : {}),
    ...(status === 503 ? { 'Retry-After': '5' } : {}),
  });
  res.end(JSON.stringify(body));
}

const refuse = (res: ServerResponse, status: number, message: string, code: AppErrorBody['code'] = 'FORBIDDEN') =>
  send(res, status, { ok: false, error: { code, message } });

/**
 * Only this machine may talk to the host, and only pages it served itself: the Host header
 * must name the loopback address (no DNS rebinding) and a cross-site Origin is refused.
 */
export function isAllowedRequest(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowedHosts.map((h) => `http://${h}`).includes(origin);
}

async function handleApi(env: Env, inFlight: InFlight, req: IncomingMessage, res: ServerResponse, name: string) {
  if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求');
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON');
  const charset = /charset=([^;\s]+)/.exec(type)?.[1]?.replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return refuse(res, 415, '请求内容应为 UTF-8 编码的 JSON');
  const header = req.headers['x-session-token'];
  const token = typeof header === 'string' ? header : null;
  // The size allowed depends on who asks: only a live session may send a file.
  const channel = isChannelName(name) ? name : null;
  const signedIn = (await env.sessions.peek(token)) !== null;
  const limit = bodyLimit(channel, signedIn, channel !== null && channels[channel].access === 'public');
  const input = parseJson(await readBody(req, limit, inFlight, signedIn));
  send(res, 200, await dispatch(env, token, name, input));
}

function serveStatic(root: string, path: string, req: IncomingMessage, res: ServerResponse) {
  let file = resolve(join(root, normalize(path)));
  if (!file.startsWith(resolve(root) + sep) && file !== resolve(root)) return refuse(res, 403, '禁止访问');
  const isFile = (f: string) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false; // missing, or a path through a file (ENOTDIR), or unreadable
    }
  };
  if (!isFile(file)) file = join(root, 'index.html');
  if (!isFile(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    return res.end('界面尚未构建：请先运行 npm run build:renderer');
  }
  const stream = createReadStream(file);
  // A file that vanishes or cannot be read after the check must not take the host down.
  stream.once('error', () => {
    if (res.headersSent) res.destroy();
    else refuse(res, 500, '文件读取失败', 'INTERNAL');
  });
  stream.once('open', () => {
    // The same policy as the meta tag, plus frame-ancestors, which only works as a header.
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
    } else stream.pipe(res);
  });
}

/** The path of a request URL, decoded; a malformed escape such as `%E0%A4%A` is the client's error. */
function requestPath(req: IncomingMessage): string {
  const raw = (req.url ?? '/').split('?')[0]!;
  try {
    const path = decodeURIComponent(raw);
    if (!path.includes('\0')) return path;
  } catch {
    // Falls through to the refusal below.
  }
  throw new HttpError(400, '请求地址无效：含有无法解码的字符');
}

async function handle(
  env: Env,
  opts: Required<Pick<HostOptions, 'staticDir'>>,
  inFlight: InFlight,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (!isAllowedRequest(req, port)) return refuse(res, 403, '只接受本机 127.0.0.1 的访问');
  const path = requestPath(req);
  if (path.startsWith('/api/')) return handleApi(env, inFlight, req, res, path.slice(5));
  if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(opts.staticDir, path, req, res);
  refuse(res, 405, '不支持的请求');
}

/**
 * Whatever a request does, it gets an answer and the host stays up: expected refusals with their
 * own status, anything else as 500 with a generic message (the details go to the log).
 */
function answerFailure(env: Env, req: IncomingMessage, res: ServerResponse, e: unknown) {
  if (e instanceof HttpError) {
    return send(res, e.status, { ok: false, error: { code: e.code, message: e.message } }, !req.complete);
  }
  (env.log ?? ((m, err) => console.error(m, err)))(`[host] ${req.method} ${String(req.url).slice(0, 200)} failed`, e);
  if (res.headersSent) res.destroy();
  else send(res, 500, { ok: false, error: { code: 'INTERNAL', message: INTERNAL } }, !req.complete);
}

/** Requests too malformed for Node's HTTP parser (bad request line, oversized headers) get a JSON answer. */
function answerClientError(err: Error & { code?: string }, socket: Socket) {
  if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
  const [status, reason, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', '请求头过大']
      : [400, 'Bad Request', '请求格式无效，无法解析'];
  const body = JSON.stringify({ ok: false, error: { code: 'VALIDATION', message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The local web host: the same dispatcher as Electron IPC, over HTTP JSON, bound to 127.0.0.1 only. */
export function startHost(env: Env, opts: HostOptions = {}): Promise<{ server: Server; url: string; port: number }> {
  const staticDir = opts.staticDir ?? resolve('dist/renderer');
  const inFlight = new InFlight(opts.inFlightBudget);
  let port = opts.port ?? 0;
  const server = createServer(async (req, res) => {
    await handle(env, { staticDir }, inFlight, port, req, res).catch((e: unknown) => answerFailure(env, req, res, e));
  });
  server.on('clientError', answerClientError);
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      ok({ server, url: `http://127.0.0.1:${port}`, port });
    });
  });
}
