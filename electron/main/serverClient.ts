// The desktop app connected to the county server (issue 14 §2): every API call the page makes goes to
// POST {server}/api/{channel} over HTTPS with the certificate pinned, exactly as a browser calls the
// web host. A call that gets no answer (network down, server restarting, a proxy's 502–504) is tried
// again with the same Idempotency-Key, so a write whose answer was lost is not done twice; an answer
// (any JSON envelope, 4xx/5xx included) is never retried. Nothing is written locally.
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import type { ServerChoice, ConnectionState } from '../../shared/contract/connection';
import type { AppErrorBody, Result } from '../../shared/contract/result';
import type { ApiCall } from './ipc';
import { idempotencyKeys } from './idempotency';
import { ConnectTimeoutError, PinMismatchError, PinnedAgent } from './pinnedAgent';

export interface ServerClientOptions {
  /** TCP connect plus TLS handshake, per attempt. */
  connectTimeoutMs?: number;
  /** Silence from the server (nothing sent, nothing received) before an attempt is given up. */
  idleTimeoutMs?: number;
  /** The waits between attempts: [1 s, 3 s] makes three attempts within about ten seconds. */
  retryDelaysMs?: readonly number[];
  /** While the server cannot be reached, how often it is asked again. */
  probeEveryMs?: number;
  /** Answers larger than this are refused (the largest are batch PDFs, as base64). */
  maxAnswerBytes?: number;
  version?: string;
  /** Told at once when the server stops answering and when it answers again. */
  onState?: (state: ConnectionState) => void;
  log?: (message: string, error: unknown) => void;
}

export interface ServerClient {
  call: ApiCall;
  /** One attempt at auth:session without a token: does the server at this address answer? */
  probe(): Promise<Result<unknown>>;
  state(): ConnectionState;
  close(): void;
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const CLIENT_KIND_HEADER = 'X-Client-Kind';

/** The channels whose calls carry an Idempotency-Key: those that write (in one transaction or as a job). */
export const isWriting = (name: ChannelName) => {
  const mutates: boolean | 'job' = channels[name].mutates;
  return mutates === true || mutates === 'job';
};

type Failure = { ok: false; error: AppErrorBody };
type Outcome =
  { kind: 'answer'; result: Result<unknown> } | { kind: 'retry'; reason: string } | { kind: 'fail'; result: Failure };

const unreachable = (message: string, detail?: Record<string, unknown>): Failure => ({
  ok: false,
  error: { code: 'UNREACHABLE', message, ...(detail ? { detail } : {}) },
});

class IdleTimeout extends Error {
  readonly code = 'IDLE_TIMEOUT';
}
class TooLarge extends Error {
  readonly code = 'TOO_LARGE';
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: '服务器拒绝连接（服务未运行，或端口不对）',
  ENOTFOUND: '找不到服务器（地址无法解析）',
  EAI_AGAIN: '找不到服务器（地址暂时无法解析）',
  EHOSTUNREACH: '网络不通，无法到达服务器',
  ENETUNREACH: '网络不通，无法到达服务器',
  ETIMEDOUT: '连接服务器超时',
  IDLE_TIMEOUT: '服务器长时间没有回答',
  ECONNRESET: '连接中断，未收到服务器的回答',
  EPIPE: '连接中断，未收到服务器的回答',
};

function classifyError(e: Error & { code?: string }, server: string): Outcome {
  if (e instanceof PinMismatchError) {
    return {
      kind: 'fail',
      result: unreachable(e.message, { certificate: true, expected: e.expected, actual: e.actual }),
    };
  }
  if (e instanceof TooLarge) return { kind: 'fail', result: unreachable('服务器的回答过大，已放弃接收') };
  const code = e.code ?? '';
  // A TLS failure is a wrong address or port (a plain-HTTP service there), not a passing fault.
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return {
      kind: 'fail',
      result: unreachable(`无法与 ${server} 建立加密连接，请确认这是县级服务器的 HTTPS 地址和端口（${code}）`),
    };
  }
  if (e instanceof ConnectTimeoutError) return { kind: 'retry', reason: REASONS.ETIMEDOUT! };
  return { kind: 'retry', reason: REASONS[code] ?? `网络错误（${code || e.message}）` };
}

/** An answer is the envelope every transport returns; anything else came from something in between. */
function classifyAnswer(status: number, body: Buffer): Outcome {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { ok?: unknown }).ok === 'boolean') {
      return { kind: 'answer', result: parsed as Result<unknown> };
    }
  } catch {
    // Not JSON: a proxy's error page, or not our server at all.
  }
  if (status === 502 || status === 503 || status === 504) {
    return { kind: 'retry', reason: `服务器暂时无法处理请求（HTTP ${status}）` };
  }
  return {
    kind: 'fail',
    result: unreachable(`服务器的回答无法识别（HTTP ${status}），请确认服务器地址指向县级服务器`),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createServerClient(target: ServerChoice, opts: ServerClientOptions = {}): ServerClient {
  const url = new URL(target.server);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 4_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 120_000;
  const delays = opts.retryDelaysMs ?? [1_000, 3_000];
  const probeEveryMs = opts.probeEveryMs ?? 5_000;
  const maxAnswerBytes = opts.maxAnswerBytes ?? 768 * 1024 * 1024;
  const agent = new PinnedAgent({ fingerprint: target.fingerprint, connectTimeoutMs });
  const keys = idempotencyKeys();
  let state: ConnectionState = { online: true };
  let probeTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (state.online === next.online && state.message === next.message) return;
    state = next;
    if (next.online && probeTimer) {
      clearInterval(probeTimer);
      probeTimer = null;
    }
    if (!next.online && !probeTimer && !closed) {
      probeTimer = setInterval(() => void probe(), probeEveryMs);
      probeTimer.unref();
    }
    opts.onState?.(next);
  };

  function attempt(channel: ChannelName, body: Buffer, headers: Record<string, string>): Promise<Outcome> {
    return new Promise((resolve) => {
      const req = request(
        {
          protocol: 'https:',
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || 443,
          path: `/api/${channel}`,
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': String(body.length),
            Accept: 'application/json',
            'User-Agent': `LonglingDesktop/${opts.version ?? '0'}`,
            [CLIENT_KIND_HEADER]: 'desktop',
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= maxAnswerBytes) return void chunks.push(c);
            chunks.length = 0;
            resolve(classifyError(new TooLarge(), target.server));
            req.destroy();
          });
          res.on('end', () => resolve(classifyAnswer(res.statusCode ?? 0, Buffer.concat(chunks, size))));
          res.on('error', () => {}); // reported by 'close' below
          // The answer broke off: as good as lost, so the call is tried again with its key.
          res.on('close', () => {
            if (!res.complete) resolve({ kind: 'retry', reason: REASONS.ECONNRESET! });
          });
        },
      );
      req.setTimeout(idleTimeoutMs, () => req.destroy(new IdleTimeout()));
      req.on('error', (e) => resolve(classifyError(e, target.server)));
      req.end(body);
    });
  }

  async function call(token: string | undefined, channel: unknown, input: unknown): Promise<Result<unknown>> {
    // Checked before anything is sent: a page cannot make the main process call another path.
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `未知的接口：${String(channel).slice(0, 60)}` } };
    }
    if (closed) return unreachable('与县级服务器的连接已关闭（连接设置已更改），请重新打开此页面');
    const body = Buffer.from(JSON.stringify(input ?? {}), 'utf8');
    const headers: Record<string, string> = token ? { 'X-Session-Token': token } : {};
    // One key per logical call, reused by its retries (and by the user's own retry of the very same
    // call after it got no answer, see idempotency.ts).
    const key = isWriting(channel) ? keys.take(token, channel, body, randomUUID) : null;
    if (key) headers[IDEMPOTENCY_HEADER] = key;
    let reason = '';
    for (let i = 0; i <= delays.length; i++) {
      if (i > 0) await sleep(delays[i - 1]!);
      if (closed) break;
      const out = await attempt(channel, body, headers);
      if (out.kind === 'answer') {
        if (key) keys.answered(key);
        setState({ online: true });
        return out.result;
      }
      if (out.kind === 'fail') {
        setState({ online: false, message: out.result.error.message });
        return out.result;
      }
      reason = out.reason;
      // Said at once, while the attempts go on.
      setState({ online: false, message: `无法连接县级服务器 ${target.server}：${reason}，正在重试…` });
    }
    return unreachable(
      `无法连接县级服务器 ${target.server}：${reason}。已输入的内容仍然保留，请检查网络后再试` +
        (key ? '；若刚才的操作其实已在服务器上完成，再次提交不会重复办理。' : '。'),
    );
  }

  async function probe(): Promise<Result<unknown>> {
    const out = await attempt('auth:session', Buffer.from('{}'), {});
    if (out.kind === 'answer') {
      setState({ online: true });
      return { ok: true, value: null };
    }
    if (out.kind === 'fail') return out.result;
    return unreachable(`无法连接县级服务器 ${target.server}：${out.reason}`);
  }

  return {
    call,
    probe,
    state: () => state,
    close() {
      closed = true;
      if (probeTimer) clearInterval(probeTimer);
      probeTimer = null;
      agent.destroy();
    },
  };
}
