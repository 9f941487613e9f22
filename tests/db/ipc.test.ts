import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEventLike } from '../../electron/main/electronTypes';
import { IPC_CHANNEL, localCall, registerIpc } from '../../electron/main/ipc';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let invoke: (event: IpcMainInvokeEventLike, channel: string, input: unknown) => Promise<unknown>;

beforeEach(async () => {
  t = await makeTestEnv();
  const fakeIpcMain = {
    handle(channel: string, listener: (e: IpcMainInvokeEventLike, ...a: unknown[]) => unknown) {
      expect(channel).toBe(IPC_CHANNEL);
      invoke = async (e, c, i) => listener(e, c, i);
    },
  };
  const api = localCall(t.env);
  registerIpc(fakeIpcMain, () => api);
});
afterEach(() => t.close());

const frame = (url: string) => ({ url });
function windowEvent(id: number, url = 'app://longling/index.html'): IpcMainInvokeEventLike {
  const main = frame(url);
  return { sender: { id, mainFrame: main }, senderFrame: main };
}

describe('IPC transport', () => {
  it('keeps the session token in the main process, per window', async () => {
    const win = windowEvent(1);
    const login = (await invoke(win, 'auth:login', { username: 'admin', password: PASSWORD })) as {
      ok: true;
      value: { token: string };
    };
    expect(login.ok).toBe(true);
    expect(login.value.token).toBe('');
    expect(await invoke(win, 'audit:verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    expect(await invoke(windowEvent(2), 'audit:verify', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await invoke(win, 'auth:logout', {});
    expect(await invoke(win, 'audit:verify', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses messages from subframes and from pages that are not the app', async () => {
    const main = frame('app://longling/index.html');
    const sub: IpcMainInvokeEventLike = {
      sender: { id: 1, mainFrame: main },
      senderFrame: frame('app://longling/index.html'),
    };
    expect(await invoke(sub, 'auth:session', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(windowEvent(3, 'https://evil.example/'), 'auth:session', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' },
    });
  });

  it('goes through the same dispatcher: unknown channels are refused', async () => {
    expect(await invoke(windowEvent(1), 'shell:exec', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });
});
