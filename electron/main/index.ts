// Electron entry: wiring only. Everything it starts is plain Node code tested without Electron.
import { createRequire } from 'node:module';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SecretProtector } from '../services/keys/keyCrypto';
import { showAbout, type AboutInfo } from './about';
import { CONNECTION_FILE } from './connectionConfig';
import { setUpConnection } from './connectionSetup';
import { CONNECTION_CHANNELS } from './desktopChannels';
import { registerDesktopIpc } from './desktopIpc';
import type {
  AppLike,
  BrowserWindowCtor,
  BrowserWindowLike,
  DialogLike,
  IpcMainLike,
  MenuLike,
  PrintWindowCtor,
  ScreenLike,
  ShellLike,
} from './electronTypes';
import { startFileLog } from './log';
import { installMenu } from './menu';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';
import { claimSingleInstance } from './singleInstance';
import { createMainWindow } from './window';
import { placeWindow, readWindowState, trackWindowState, WINDOW_STATE_FILE } from './windowState';

/** The part of Electron's main-process module the shell uses; `typecheck:electron` checks it against Electron's own types. */
export interface ElectronMain<W = BrowserWindowLike> {
  app: AppLike & {
    whenReady(): Promise<void>;
    setPath(name: 'userData', path: string): void;
  };
  BrowserWindow: BrowserWindowCtor & PrintWindowCtor;
  ipcMain: IpcMainLike;
  Menu: MenuLike;
  shell: ShellLike;
  dialog: DialogLike<W>;
  screen: ScreenLike;
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
const { app, BrowserWindow, ipcMain, Menu, shell, dialog, protocol, net, safeStorage } = electron;

/** The signing key kept by the OS (DPAPI, Keychain, libsecret) where it can, instead of an admin passphrase. */
function osProtector(): SecretProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    kind: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')).toString('base64'),
    decrypt: (stored) => Buffer.from(safeStorage.decryptString(Buffer.from(stored, 'base64')), 'base64'),
  };
}

/** Serves dist/renderer under app://longling with the CSP; nothing outside that folder. */
function serveRenderer(rendererDir: string) {
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
}

// Packaged builds keep the PDF fonts in Electron's resources folder (electron-builder.yml extraResources).
process.env.LONGLING_RESOURCES ??= (process as { resourcesPath?: string }).resourcesPath;
// A separate profile (tests, a second install on one account); set before the single-instance lock, which is per profile.
if (process.env.LONGLING_USER_DATA) app.setPath('userData', process.env.LONGLING_USER_DATA);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindowLike | null = null;

if (claimSingleInstance(app, () => mainWindow)) void app.whenReady().then(start);

async function start() {
  serveRenderer(resolve(__dirname, '../renderer'));
  const userData = app.getPath('userData');
  const dbFile = process.env.LONGLING_DB ?? join(userData, 'longling.db');
  const logsDir = join(userData, 'logs');
  const log = startFileLog(logsDir);
  const { connection, initial } = await setUpConnection({
    ipcMain,
    dialog,
    userData,
    dbFile,
    dbGiven: !!process.env.LONGLING_DB,
    protector: osProtector(),
    log: log.error,
    window: () => mainWindow,
    server: { version: app.getVersion() },
  });
  log.info(
    `启动 ${app.getVersion()}，` +
      (initial.kind !== 'chosen'
        ? `尚未选择工作方式${initial.kind === 'broken' ? `（${CONNECTION_FILE} 无法读取：${initial.problem}）` : ''}`
        : initial.choice.mode === 'local'
          ? `单机，数据库 ${dbFile}`
          : `连接县级服务器 ${initial.choice.server}`),
  );

  const stateFile = join(userData, WINDOW_STATE_FILE);
  // electron.screen may only be touched once the app is ready, hence not destructured above.
  const placement = placeWindow(readWindowState(stateFile), electron.screen.getAllDisplays());
  const win = createMainWindow(BrowserWindow, join(__dirname, 'preload.cjs'), placement);
  mainWindow = win;
  trackWindowState(win, stateFile, log.error);
  const windowOf = (id: number) => (win.webContents.id === id ? win : null);

  const dataDir = userData;
  const aboutInfo = async (): Promise<AboutInfo> => {
    const b = connection.current;
    return {
      version: app.getVersion(),
      dbFile: b?.local?.dbFile ?? null,
      dataDir: b?.local ? dirname(b.local.dbFile) : dataDir,
      backupsDir: (await b?.local?.backupsDir()) ?? null,
      logsDir,
      server: b?.choice.mode === 'server' ? { address: b.choice.server, fingerprint: b.choice.fingerprint } : null,
    };
  };
  installMenu(
    { Menu, shell, dialog, app },
    {
      // The database's folder in 单机 (as before), the user data folder (logs, settings) otherwise.
      dataDir: () => (connection.current?.local ? dirname(dbFile) : dataDir),
      showAbout: () => void aboutInfo().then((info) => showAbout({ dialog, shell }, info, win)),
      openConnectionSettings: () => win.webContents.send(CONNECTION_CHANNELS.open),
      window: () => win,
    },
  );
  registerDesktopIpc(ipcMain, {
    dialog,
    shell,
    tempDir: join(userData, 'tmp'),
    documentsDir: app.getPath('documents'),
    windowOf,
    // Written out here rather than in a constant so that the security scan can read it.
    openPrintWindow: () =>
      new BrowserWindow({
        show: false,
        webPreferences: {
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          plugins: true,
          disableBlinkFeatures: 'Auxclick',
        },
      }),
    log: log.error,
  });

  app.on('window-all-closed', async () => {
    await connection.close();
    app.quit();
  });
}
