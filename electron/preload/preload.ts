// The renderer's only bridge: window.api.invoke for the channels of the contract, nothing else.
import { CHANNEL_NAMES } from '../../shared/contract/channels';

// Typed locally: the shell must compile where the Electron package could not be installed.
interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
}
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectron;

const known = new Set<string>(CHANNEL_NAMES);

contextBridge.exposeInMainWorld('api', {
  channels: [...CHANNEL_NAMES],
  invoke(channel: string, input: unknown) {
    if (!known.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `未知的接口：${String(channel)}` },
      });
    }
    return ipcRenderer.invoke('api', channel, input);
  },
});
