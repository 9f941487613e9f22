// The wiring of where the page's calls go, shared by the app (index.ts) and the tests that drive it
// with a fake Electron: the stored choice, the backend it opens, the api channel that keeps the
// session token, and window.desktop.connection.
import type { SecretProtector } from '../services/keys/keyCrypto';
import { DesktopConnection, openBackend } from './backend';
import { CONNECTION_FILE, initialChoice, type ConnectionRead } from './connectionConfig';
import { registerConnectionIpc, type ConnectionIpcDeps } from './connectionIpc';
import { CONNECTION_CHANNELS } from './desktopChannels';
import type { BrowserWindowLike, DialogLike, IpcMainLike } from './electronTypes';
import { registerIpc, type IpcTransport } from './ipc';
import { join } from 'node:path';
import type { ServerClientOptions } from './serverClient';

export interface ConnectionSetupDeps {
  ipcMain: IpcMainLike;
  dialog: Pick<DialogLike, 'showMessageBox'>;
  userData: string;
  dbFile: string;
  /** The database file was given (LONGLING_DB): 单机 without asking. */
  dbGiven: boolean;
  protector?: SecretProtector | null;
  log(message: string, error: unknown): void;
  /** The main window (for the server's state and the dialogs), once there is one. */
  window(): BrowserWindowLike | null;
  /** Timeouts and retries of the server client; the defaults are the app's. */
  server?: Omit<ServerClientOptions, 'onState' | 'log'>;
  probe?: ConnectionIpcDeps['probe'];
}

export interface ConnectionSetup {
  connection: DesktopConnection;
  transport: IpcTransport;
  /** What was found at start (chosen, nothing, or an unreadable file). */
  initial: ConnectionRead;
}

export async function setUpConnection(deps: ConnectionSetupDeps): Promise<ConnectionSetup> {
  const configFile = join(deps.userData, CONNECTION_FILE);
  const initial = initialChoice(configFile, deps.dbFile, deps.dbGiven);
  const connection = new DesktopConnection({
    configFile,
    open: (choice) =>
      openBackend(choice, {
        dbFile: deps.dbFile,
        protector: deps.protector ?? null,
        log: deps.log,
        server: {
          ...deps.server,
          onState: (state) => deps.window()?.webContents.send(CONNECTION_CHANNELS.state, state),
        },
      }),
    // A token of the old target is never sent to the new one.
    onSwitch: () => transport.tokens.clear(),
    log: deps.log,
  });
  const transport = registerIpc(deps.ipcMain, connection.call);
  registerConnectionIpc(deps.ipcMain, {
    connection,
    transport,
    dialog: deps.dialog,
    windowOf: (id) => {
      const win = deps.window();
      return win && win.webContents.id === id ? win : null;
    },
    ...(deps.probe ? { probe: deps.probe } : {}),
  });
  // Nothing chosen (first start, or an unreadable file): the page asks; nothing is opened meanwhile.
  if (initial.kind === 'chosen') await connection.start(initial.choice);
  return { connection, transport, initial };
}
