import type { Result } from '../../shared/contract/result';
import type { ClientInfo, Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import type { IpcMainLike } from './electronTypes';
import { isTrustedSender } from './security';

export const IPC_CHANNEL = 'api';

/** Where the page's calls go: this machine's dispatcher (单机) or the county server (serverClient.ts). */
export type ApiCall = (token: string | undefined, channel: unknown, input: unknown) => Promise<Result<unknown>>;

const DESKTOP: ClientInfo = { address: null, kind: 'desktop' };

/** 单机: the same dispatcher as the web host, in this process. */
export const localCall =
  (env: Env): ApiCall =>
  (token, channel, input) =>
    dispatch(env, token, channel, input, DESKTOP);

const refused: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
const notChosen: Result<never> = {
  ok: false,
  error: { code: 'UNREACHABLE', message: '尚未选择工作方式（单机或连接县级服务器），请先完成连接设置' },
};

export interface IpcTransport {
  /** The session token of each window, by its web contents id. */
  tokens: Map<number, string>;
  /** A call as the window with this id, with its token: what the page's own calls do. */
  call(senderId: number, channel: string, input: unknown): Promise<Result<unknown>>;
}

/**
 * The IPC transport: one handler for every channel. The session token stays in the main process,
 * keyed by the window, so page script never holds it, whether the calls go to this machine's
 * dispatcher or to the county server. `target` is read at each call and returns the same function
 * until an admin changes the connection (then the tokens are cleared).
 */
export function registerIpc(ipcMain: IpcMainLike, target: () => ApiCall | null): IpcTransport {
  const tokens = new Map<number, string>();

  async function call(senderId: number, channel: unknown, input: unknown): Promise<Result<unknown>> {
    const to = target();
    if (!to) return notChosen;
    const result = await to(tokens.get(senderId), channel, input);
    // The target changed meanwhile (an admin changed the connection): its token is not kept.
    const same = target() === to;
    if (result.ok && (channel === 'auth:login' || channel === 'auth:setupAdmin')) {
      const value = result.value as { token: string };
      if (same) tokens.set(senderId, value.token);
      return { ok: true, value: { ...value, token: '' } };
    }
    if (channel === 'auth:logout' && same) tokens.delete(senderId);
    return result;
  }

  ipcMain.handle(IPC_CHANNEL, async (event, channel, input) => {
    if (!isTrustedSender(event.senderFrame, event.sender.mainFrame)) return refused;
    return await call(event.sender.id, channel, input);
  });
  return { tokens, call };
}
