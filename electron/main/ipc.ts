import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import type { IpcMainLike } from './electronTypes';
import { isTrustedSender } from './security';

export const IPC_CHANNEL = 'api';

const refused: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };

/**
 * The IPC transport: one handler, the same dispatcher as the web host. The session token
 * stays in the main process, keyed by the window, so page script never holds it.
 */
export function registerIpc(ipcMain: IpcMainLike, env: Env): { tokens: Map<number, string> } {
  const tokens = new Map<number, string>();
  ipcMain.handle(IPC_CHANNEL, async (event, channel, input) => {
    if (!isTrustedSender(event.senderFrame, event.sender.mainFrame)) return refused;
    const result = await dispatch(env, tokens.get(event.sender.id), channel, input);
    if (result.ok && (channel === 'auth:login' || channel === 'auth:setupAdmin')) {
      const value = result.value as { token: string };
      tokens.set(event.sender.id, value.token);
      return { ok: true, value: { ...value, token: '' } };
    }
    if (channel === 'auth:logout') tokens.delete(event.sender.id);
    return result;
  });
  return { tokens };
}
