// Compiled only by `npm run typecheck:electron` (tsconfig.electron.json), against the type
// definitions of the installed `electron` package: each hand-written interface the shell and its
// unit tests use must be satisfied by Electron's real API. A mismatch (a renamed method, a changed
// event signature, an option Electron no longer takes) fails the check instead of failing at run time.
import type * as Electron from 'electron';
import type { ElectronMain } from './index';
import type { PreloadElectron } from '../preload/preload';
import type {
  AppLike,
  BrowserWindowLike,
  BrowserWindowOptions,
  DialogLike,
  IpcMainInvokeEventLike,
  IpcMainLike,
  MenuLike,
  PrintWindowOptions,
  ScreenLike,
  SessionLike,
  ShellLike,
  WebContentsLike,
} from './electronTypes';

/** Compiles only when A is assignable to B. */
type Satisfies<A extends B, B> = A;

export type Checks = [
  // The whole main-process module, as the shell declares and destructures it.
  Satisfies<typeof Electron, ElectronMain<Electron.BrowserWindow>>,
  // …and the parts, so a mismatch is reported where it is.
  Satisfies<Electron.App, AppLike>,
  Satisfies<Electron.BrowserWindow, BrowserWindowLike>,
  Satisfies<Electron.WebContents, WebContentsLike>,
  Satisfies<Electron.Session, SessionLike>,
  Satisfies<Electron.IpcMain, IpcMainLike>,
  Satisfies<Electron.IpcMainInvokeEvent, IpcMainInvokeEventLike>,
  Satisfies<typeof Electron.Menu, MenuLike>,
  Satisfies<Electron.Shell, ShellLike>,
  Satisfies<Electron.Dialog, DialogLike<Electron.BrowserWindow>>,
  Satisfies<Electron.Screen, ScreenLike>,
  // The options the shell passes are options Electron accepts.
  Satisfies<BrowserWindowOptions, Electron.BrowserWindowConstructorOptions>,
  Satisfies<PrintWindowOptions, Electron.BrowserWindowConstructorOptions>,
  // The preload's bridges.
  Satisfies<typeof Electron, PreloadElectron>,
];
