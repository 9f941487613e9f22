// The renderer's only bridges: window.api.invoke for the channels of the contract, and
// window.desktop for saving, opening and printing the files the app generates and for the
// connection (单机 or 连接县级服务器). Nothing else.
import { CHANNEL_NAMES } from '../../shared/contract/channels';
import { CONNECTION_CHANNELS, DESKTOP_CHANNELS } from '../main/desktopChannels';

// Typed locally: the shell must compile where the Electron package could not be installed;
// `npm run typecheck:electron` checks these types against Electron's own.
export interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  };
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

// The main process validates every argument; the preload only picks the fields it forwards.
contextBridge.exposeInMainWorld('desktop', {
  saveFile: (f: { name: string; mime: string; base64: string }) =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.saveFile, { name: f.name, mime: f.mime, base64: f.base64 }),
  openFile: (f: { name: string; base64: string }) =>
    ipcRenderer.invoke(DESKTOP_CHANNELS.openFile, { name: f.name, base64: f.base64 }),
  print: (f: { base64: string }) => ipcRenderer.invoke(DESKTOP_CHANNELS.print, { base64: f.base64 }),
  connection: {
    get: () => ipcRenderer.invoke(CONNECTION_CHANNELS.get),
    set: (c: { mode: string; server?: string; fingerprint?: string }) =>
      ipcRenderer.invoke(
        CONNECTION_CHANNELS.set,
        c.mode === 'server' ? { mode: c.mode, server: c.server, fingerprint: c.fingerprint } : { mode: c.mode },
      ),
    // Only what the main process sent is passed on, never the IPC event (it carries the sender).
    onState: (listener: (state: unknown) => void) => subscribe(CONNECTION_CHANNELS.state, listener),
    onOpenSettings: (listener: () => void) => subscribe(CONNECTION_CHANNELS.open, () => listener()),
  },
});

/** Listens to one main → page channel; the function returned stops listening. */
function subscribe(channel: string, listener: (payload: unknown) => void): () => void {
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}
