// The renderer's one way to the services: window.api over Electron IPC when the preload
// provides it, otherwise HTTP JSON to the local web host. Both return the same envelope.
import { channels, type ChannelInput, type ChannelName, type ChannelOutput } from '../../../shared/contract/channels';
import type { ConnectionChoice, ConnectionInfo, ConnectionState } from '../../../shared/contract/connection';
import type { AppErrorBody, Result } from '../../../shared/contract/result';

export interface IpcApi {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
}

/** Desktop only (the Electron preload): save, open or print a generated PDF or Excel file. */
export interface DesktopApi {
  /** Shows the save dialog and writes the file; the chosen path, or null when cancelled. */
  saveFile(file: { name: string; mime: string; base64: string }): Promise<Result<string | null>>;
  /** Opens the file in the system's viewer (from which the user may print). */
  openFile(file: { name: string; base64: string }): Promise<Result<string>>;
  /** The system print dialog for a PDF; false when the user cancelled it. */
  print(file: { base64: string }): Promise<Result<boolean>>;
  /** 单机 or 连接县级服务器 (issue 14 §2); the main process decides whether a change is allowed. */
  connection?: DesktopConnectionApi;
}

export interface DesktopConnectionApi {
  get(): Promise<Result<ConnectionInfo>>;
  /** True when the choice changed (the page then reloads), false when unchanged or not confirmed. */
  set(choice: ConnectionChoice): Promise<Result<boolean>>;
  /** The server stopped answering or answers again; returns the function that stops listening. */
  onState(listener: (state: ConnectionState) => void): () => void;
  /** 文件 → 连接设置… in the menu. */
  onOpenSettings(listener: () => void): () => void;
}

declare global {
  interface Window {
    api?: IpcApi;
    desktop?: DesktopApi;
  }
}

const TOKEN_KEY = 'longling.session';

export class ApiError extends Error {
  constructor(readonly body: AppErrorBody) {
    super(body.message);
  }
  get code() {
    return this.body.code;
  }
  get fields() {
    return this.body.fields ?? {};
  }
}

type Listener = (error: AppErrorBody) => void;
const listeners = new Set<Listener>();

/** Session-level failures (logged out, locked) are broadcast so the shell can react in one place. */
export function onSessionError(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

const isLocal = () => ['127.0.0.1', 'localhost', '[::1]'].includes(location.hostname);

/** A writing call's key, reused by its retries, so that a lost answer never does the work twice. */
function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

const RETRY_DELAYS_MS = [500, 2000];

async function overHttp(channel: string, input: unknown): Promise<Result<unknown>> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const known = channel in channels ? channels[channel as ChannelName] : null;
  const writes = known !== null && known.mutates !== false;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...(token ? { 'X-Session-Token': token } : {}),
    ...(writes ? { 'Idempotency-Key': idempotencyKey() } : {}),
  };
  const body = JSON.stringify(input ?? {});
  // Only a request that got no answer at all is sent again (same key: the server replays the first
  // result); any answer, even a refusal, is final.
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`/api/${channel}`, { method: 'POST', headers, body });
    } catch {
      if (attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      const message = isLocal()
        ? '无法连接本机服务，请确认程序仍在运行'
        : '无法连接县级服务器，请检查网络后重试；已填写的内容仍保留在页面上';
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
    try {
      return (await res.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `服务器返回了无法识别的应答（HTTP ${res.status}）` } };
    }
  }
}

export async function callResult<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): Promise<Result<ChannelOutput<K>>> {
  const result = (window.api ? await window.api.invoke(channel, input) : await overHttp(channel, input)) as Result<
    ChannelOutput<K>
  >;
  if (result.ok && !window.api && (channel === 'auth:login' || channel === 'auth:setupAdmin')) {
    sessionStorage.setItem(TOKEN_KEY, (result.value as { token: string }).token);
  }
  if (channel === 'auth:logout') sessionStorage.removeItem(TOKEN_KEY);
  if (
    !result.ok &&
    (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'LOCKED') &&
    !channel.startsWith('auth:')
  ) {
    for (const l of listeners) l(result.error);
  }
  return result;
}

/** Throws ApiError on failure: what react-query and forms expect. */
export async function call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await callResult(channel, input);
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}
