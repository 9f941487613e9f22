// Electron entry: wiring only. Everything it starts is plain Node code tested without Electron.
import { createRequire } from 'node:module';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEnv } from '../core/env';
import { startHousekeeping } from '../services/housekeeping';
import type { SecretProtector } from '../services/keys/keyCrypto';
import type { BrowserWindowCtor, IpcMainLike } from './electronTypes';
import { registerIpc } from './ipc';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';
import { createMainWindow } from './window';

interface ElectronMain {
  app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    on(event: 'window-all-closed', l: () => void): void;
    quit(): void;
    requestSingleInstanceLock(): boolean;
  };
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (req: Request) => Response | Promise<Response>): void;
  };
  net: { fetch(url: string): Promise<Response> };
  safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plain: string): Buffer;
    decryptString(encrypted: Buffer): string;
  };
}

const electron = createRequire(import.meta.url)('electron') as ElectronMain;
const { app, BrowserWindow, ipcMain, protocol, net, safeStorage } = electron;

/** The signing key kept by the OS (DPAPI, Keychain, libsecret) where it can, instead of an admin passphrase. */
function osProtector(): SecretProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    kind: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')).toString('base64'),
    decrypt: (stored) => Buffer.from(safeStorage.decryptString(Buffer.from(stored, 'base64')), 'base64'),
  };
}
const rendererDir = resolve(__dirname, '../renderer');
// Packaged builds keep the PDF fonts in Electron's resources folder (electron-builder.yml extraResources).
process.env.LONGLING_RESOURCES ??= (process as { resourcesPath?: string }).resourcesPath;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(async () => {
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (url.hostname !== APP_HOST || !file.startsWith(rendererDir + sep))
      return new Response('禁止访问', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
  const env = createEnv(process.env.LONGLING_DB ?? join(app.getPath('userData'), 'longling.db'), {
    protector: osProtector(),
  });
  registerIpc(ipcMain, env);
  const stopHousekeeping = startHousekeeping(env);
  createMainWindow(BrowserWindow, join(__dirname, 'preload.cjs'));
  app.on('window-all-closed', () => {
    stopHousekeeping();
    env.db.close();
    app.quit();
  });
});
