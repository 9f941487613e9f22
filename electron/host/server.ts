import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../main/security';

const MAX_BODY = 64 * 1024 * 1024;
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

export interface HostOptions {
  port?: number;
  staticDir?: string;
}

function send(res: ServerResponse, status: number, body: Result<unknown>) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end(JSON.stringify(body));
}

const refuse = (res: ServerResponse, status: number, message: string) =>
  send(res, status, { ok: false, error: { code: 'FORBIDDEN', message } });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

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

async function handleApi(env: Env, req: IncomingMessage, res: ServerResponse, channel: string) {
  if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON');
  let input: unknown;
  try {
    const text = await readBody(req);
    input = text === '' ? {} : JSON.parse(text);
  } catch {
    return send(res, 400, {
      ok: false,
      error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON，或超过 64 MB' },
    });
  }
  const token = req.headers['x-session-token'];
  send(res, 200, await dispatch(env, typeof token === 'string' ? token : null, channel, input));
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse) {
  const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
  let file = resolve(join(root, normalize(url)));
  if (!file.startsWith(resolve(root) + sep) && file !== resolve(root)) return refuse(res, 403, '禁止访问');
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('界面尚未构建：请先运行 npm run build:renderer');
  }
  // The same policy as the meta tag, plus frame-ancestors, which only works as a header.
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    ...SECURITY_HEADERS,
  });
  createReadStream(file).pipe(res);
}

/** The local web host: the same dispatcher as Electron IPC, over HTTP JSON, bound to 127.0.0.1 only. */
export function startHost(env: Env, opts: HostOptions = {}): Promise<{ server: Server; url: string; port: number }> {
  const staticDir = opts.staticDir ?? resolve('dist/renderer');
  let port = opts.port ?? 0;
  const server = createServer((req, res) => {
    if (!isAllowedRequest(req, port)) return refuse(res, 403, '只接受本机 127.0.0.1 的访问');
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/')) {
      handleApi(env, req, res, path.slice(5)).catch(() => refuse(res, 500, '系统内部错误'));
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(staticDir, req, res);
    } else refuse(res, 405, '不支持的请求');
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      ok({ server, url: `http://127.0.0.1:${port}`, port });
    });
  });
}
