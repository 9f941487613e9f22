// The part of Electron's API the shell uses. Declared here so the shell compiles and is
// unit-tested on machines where the Electron package (and its types) could not be installed.

export interface PreventableEvent {
  preventDefault(): void;
}

export interface FrameLike {
  url: string;
}

export interface IpcMainInvokeEventLike {
  sender: { id: number; mainFrame: FrameLike };
  senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler:
      | ((
          webContents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: { requestingUrl?: string; mediaTypes?: string[] },
        ) => void)
      | null,
  ): void;
  setPermissionCheckHandler(
    handler:
      | ((
          webContents: unknown,
          permission: string,
          requestingOrigin: string,
          details: { mediaType?: string },
        ) => boolean)
      | null,
  ): void;
}

export interface WebContentsLike {
  id: number;
  session: SessionLike;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
  on(event: 'destroyed', listener: () => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  /** A message to the page's preload (the server's state, the menu's 连接设置…). */
  send(channel: string, ...args: unknown[]): void;
  /** Opens the system print dialog (silent: false) for what the window shows. */
  print(
    options: { silent: boolean; printBackground: boolean },
    callback: (success: boolean, failureReason: string) => void,
  ): void;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'close', listener: () => void): void;
  show(): void;
  focus(): void;
  maximize(): void;
  isMaximized(): boolean;
  isMinimized(): boolean;
  restore(): void;
  /** The bounds the window has when not maximized or minimized. */
  getNormalBounds(): Rectangle;
  destroy(): void;
}

export interface BrowserWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
    /** Middle-click must not open new windows (Electron security checklist, electronegativity AUXCLICK). */
    disableBlinkFeatures: 'Auxclick';
  };
}

/** The hidden window that loads a PDF into Chromium's viewer to print it. */
export interface PrintWindowOptions {
  show: false;
  webPreferences: {
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    plugins: true;
    disableBlinkFeatures: 'Auxclick';
  };
}

export type BrowserWindowCtor = new (opts: BrowserWindowOptions) => BrowserWindowLike;
export type PrintWindowCtor = new (opts: PrintWindowOptions) => BrowserWindowLike;

export interface AppLike {
  getPath(name: 'userData' | 'documents'): string;
  getVersion(): string;
  readonly isPackaged: boolean;
  quit(): void;
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): void;
}

/** The menu roles the shell uses (Electron's MenuItemConstructorOptions['role'] has more). */
export type MenuRole =
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen';

export interface MenuItemOptions {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface MenuLike {
  buildFromTemplate(template: MenuItemOptions[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

export interface ShellLike {
  /** Resolves to '' on success, otherwise to the error message. */
  openPath(path: string): Promise<string>;
}

export interface MessageBoxOptions {
  type: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

/**
 * `W` is the window type: the shell's own `BrowserWindowLike`, or Electron's `BrowserWindow` when the
 * check compares this with Electron's dialog. A message box without a parent window takes the
 * options alone (Electron's overloads); there is no `null` window.
 */
export interface DialogLike<W = BrowserWindowLike> {
  showMessageBox(window: W, options: MessageBoxOptions): Promise<{ response: number }>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface ScreenLike {
  getAllDisplays(): { workArea: Rectangle }[];
}

/** A message box on `window` when there is one, otherwise on its own. */
export async function messageBox<W>(
  dialog: Pick<DialogLike<W>, 'showMessageBox'>,
  window: W | null,
  options: MessageBoxOptions,
): Promise<{ response: number }> {
  return window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
}
