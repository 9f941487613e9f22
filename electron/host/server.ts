import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { channels, isChannelName } from '../../shared/contract/channels';
import type { AppErrorBody, Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import type { CallFrom } from '../core/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../main/security';
import { bodyLimit, HttpError, InFlight, parseJson, PUBLIC_MAX_BODY, readBody } from './body';
import { ping } from '../db/repos/server.repo';
import { inProcess, type Dispatcher } from './dispatchThread';
import { clientKey, clientOf, hostChecker, isAddressAllowed, isLoopback, minutes, parseAllow, PerClient } from './edge';

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
  /** The address to listen on: 127.0.0.1 (the default) or, with TLS, any address of the server. */
  listen?: string;
  /** The county server's certificate and key (PEM); without them the host speaks plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Names clients reach the server by (Host and Origin must use one of them or loopback). */
  names?: readonly string[];
  /** Client address ranges allowed (CIDR); loopback always is. Empty: any address. */
  allow?: readonly string[];
  /** Requests one client address may have open at once (default 64). */
  maxPerClient?: number;
  /** Login throttling per client address (default: on when listening beyond loopback). */
  throttleLogins?: boolean;
  staticDir?: string;
  /** All request bodies being received at once, in bytes (default IN_FLIGHT_BUDGET). */
  inFlightBudget?: number;
  /** Who answers API calls (default: the dispatcher in process, with `env`); stopped with the host. */
  dispatcher?: Dispatcher;
}

/** HSTS only means something over TLS; set per server at start. */
const HSTS = { 'Strict-Transport-Security': 'max-age=31536000' };

/** The headers every answer carries: HSTS too over TLS (the page itself, not only the API). */
const securityHeaders = (res: ServerResponse) => ({
  ...SECURITY_HEADERS,
  ...((res.req.socket as { encrypted?: boolean }).encrypted ? HSTS : {}),
});

/** `body` is the answer, or its JSON text as the dispatcher thread sends it. */
function send(res: ServerResponse, status: number, body: Result<unknown> | string, close = false) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...securityHeaders(res),
    // A refused upload is not read to its end: the connection closes after the answer.
    ...(close ? { Connection: 'close' } : {}),
    ...(status === 503 ? { 'Retry-After': '5' } : {}),
    ...(status === 429 ? { 'Retry-After': String(Math.max(1, Number(res.getHeader('x-retry-after') ?? 5))) } : {}),
  });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const refuse = (res: ServerResponse, status: number, message: string, code: AppErrorBody['code'] = 'FORBIDDEN') =>
  send(res, status, { ok: false, error: { code, message } });

interface HostState {
  env: Env;
  dispatcher: Dispatcher;
  staticDir: string;
  inFlight: InFlight;
  throttle: boolean;
}

async function handleApi(h: HostState, req: IncomingMessage, res: ServerResponse, name: string) {
  const { dispatcher, inFlight } = h;
  if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求');
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) return refuse(res, 415, '请求格式应为 JSON');
  const charset = /charset=([^;\s]+)/.exec(type)?.[1]?.replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return refuse(res, 415, '请求内容应为 UTF-8 编码的 JSON');
  const header = req.headers['x-session-token'];
  const token = typeof header === 'string' ? header : null;
  // The size allowed depends on who asks: only a live session may send a file.
  const channel = isChannelName(name) ? name : null;
  // A declared body within the smallest limit fits every limit: the session is looked up (a read
  // and a hash) only for a body that may need a larger one. The dispatcher checks it either way.
  const declared = Number(req.headers['content-length'] ?? NaN);
  const signedIn = declared <= PUBLIC_MAX_BODY ? null : await dispatcher.signedIn(token);
  const limit =
    signedIn === null
      ? PUBLIC_MAX_BODY
      : bodyLimit(channel, signedIn, channel !== null && channels[channel].access === 'public');
  const input = parseJson(await readBody(req, limit, inFlight, signedIn ?? false));
  const client = clientOf(req);
  // An empty database would make whoever on the network asks first its 系统管理员.
  if (channel === 'auth:setupAdmin' && !isLoopback(client.address ?? ''))
    return refuse(res, 403, '首个管理员账号只能在服务器本机上创建（命令行 init，或在服务器上打开 https://127.0.0.1）');
  const key = req.headers['idempotency-key'];
  const from = { ...client, idempotencyKey: typeof key === 'string' ? key : undefined };
  if (channel !== 'auth:login' || !h.throttle) return send(res, 200, await dispatcher.call(token, name, input, from));
  send(res, 200, await throttledLogin(h, token, input, from, res));
}

/**
 * A login from an address that has failed many times (across any usernames) waits a little, then is
 * refused for a while with HTTP 429; the account's own lockout (auth.service) comes on top.
 */
async function throttledLogin(
  { env, dispatcher }: HostState,
  token: string | null,
  input: unknown,
  from: CallFrom,
  res: ServerResponse,
): Promise<string> {
  const address = clientKey(from.address ?? '');
  const now = () => env.clock.now().getTime();
  const verdict = await env.throttle.check(address, now());
  if (!verdict.ok) {
    res.setHeader('x-retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
    throw new HttpError(
      429,
      `此电脑登录失败次数过多，已暂停登录。请 ${minutes(verdict.retryAfterMs)} 分钟后再试，或联系系统管理员。`,
      'BUSY',
    );
  }
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);
  const json = await dispatcher.call(token, 'auth:login', input, from);
  const result = JSON.parse(json) as Result<unknown>;
  if (result.ok) await env.throttle.succeeded(address);
  else if (result.error.code === 'UNAUTHENTICATED') await env.throttle.failed(address, now());
  return json;
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
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(res) });
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
      ...securityHeaders(res),
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

/** `GET /health`: for the service manager and load balancer; says only whether the database answers. */
async function health(env: Env, res: ServerResponse) {
  try {
    await ping(env.db.reader);
    send(res, 200, { ok: true, value: { status: 'ok' } });
  } catch {
    send(res, 503, { ok: false, error: { code: 'BUSY', message: '数据库暂时无法访问' } });
  }
}

async function handle(h: HostState, req: IncomingMessage, res: ServerResponse) {
  const path = requestPath(req);
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(h.env, res);
  if (path.startsWith('/api/')) return handleApi(h, req, res, path.slice(5));
  if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(h.staticDir, path, req, res);
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

/**
 * Plain HTTP sent to the TLS port fails the handshake (ERR_SSL_HTTP_REQUEST); the raw socket under
 * it still takes a plain answer saying where to go instead of a connection reset.
 */
function answerPlainHttp(port: () => number) {
  return (err: Error & { code?: string }, tlsSocket: { _parent?: Socket; destroy(): void }) => {
    const raw = tlsSocket._parent;
    if (err.code !== 'ERR_SSL_HTTP_REQUEST' || !raw?.writable) return tlsSocket.destroy();
    const body = `本服务只接受加密连接，请使用 https://${raw.localAddress ?? '服务器地址'}:${port()}/ 访问。`;
    raw.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

export interface Host {
  server: Server;
  url: string;
  port: number;
  /** Stops taking connections, lets the requests in flight finish (at most `graceMs`), then returns. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The web host: the same dispatcher as Electron IPC, over HTTP(S) JSON. By default bound to
 * 127.0.0.1 (the single machine's browser); as the county server, on the given address with TLS,
 * answering the configured names and the --allow ranges only.
 */
export function startHost(env: Env, opts: HostOptions = {}): Promise<Host> {
  const listen = opts.listen ?? '127.0.0.1';
  if (!opts.tls && !isLoopback(listen))
    return Promise.reject(new Error(`不加密（未提供 --tls-cert/--tls-key）时只能在本机地址上监听，不能监听 ${listen}`));
  let port = opts.port ?? 0;
  const state: HostState = {
    env,
    dispatcher: opts.dispatcher ?? inProcess(env),
    staticDir: opts.staticDir ?? resolve('dist/renderer'),
    inFlight: new InFlight(opts.inFlightBudget),
    throttle: opts.throttleLogins ?? !isLoopback(listen),
  };
  const allow = opts.allow?.length ? parseAllow(opts.allow) : null;
  const allowedHost = hostChecker(opts.names ?? [], () => port, Boolean(opts.tls));
  const perClient = new PerClient(opts.maxPerClient ?? 64);
  let open = 0;
  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    open++;
    let leave = () => {};
    res.once('close', () => {
      open--;
      leave();
    });
    try {
      const { address } = clientOf(req);
      if (!isAddressAllowed(allow, address ?? '')) return refuse(res, 403, '此电脑的网络地址不在允许访问的范围内');
      if (!allowedHost(req)) return refuse(res, 403, '请求的主机名或来源不被本服务接受');
      leave = perClient.enter(clientKey(address ?? ''));
      await handle(state, req, res);
    } catch (e) {
      answerFailure(env, req, res, e);
    }
  };
  const server = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, onRequest)
    : createServer(onRequest);
  // Slow clients cannot hold a connection for ever: headers within 20 s, a whole request in 5 min
  // (the largest upload on a slow township line).
  server.headersTimeout = 20_000;
  server.requestTimeout = 300_000;
  server.keepAliveTimeout = 10_000;
  server.on('clientError', answerClientError);
  if (opts.tls)
    server.on(
      'tlsClientError',
      answerPlainHttp(() => port),
    );
  const scheme = opts.tls ? 'https' : 'http';
  const stop = async (graceMs = 10_000) => {
    await new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      const wait = setInterval(() => {
        server.closeIdleConnections();
        if (open === 0 || Date.now() > deadline) {
          clearInterval(wait);
          server.closeAllConnections();
          ok();
        }
      }, 50);
    });
    // After the requests in flight: they are answered by it.
    await state.dispatcher.stop();
  };
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, listen, () => {
      port = (server.address() as AddressInfo).port;
      const shown = isLoopback(listen) || listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;
      ok({ server, url: `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`, port, stop });
    });
  });
}
