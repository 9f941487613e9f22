import type { BrowserWindowCtor, BrowserWindowLike, WebContentsLike } from './electronTypes';
import { allowNavigation, allowPermission, APP_ENTRY, isAppUrl } from './security';
import { DEFAULT_SIZE, type Placement } from './windowState';

/** Locks a window's web contents down: no navigation away, no new windows, no webviews, camera only. */
export function hardenWebContents(wc: WebContentsLike): void {
  const blockAway = (event: { preventDefault(): void }, url: string) => {
    if (!allowNavigation(url)) event.preventDefault();
  };
  wc.on('will-navigate', blockAway);
  wc.on('will-redirect', blockAway);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(allowPermission(permission, details.requestingUrl ?? '', details.mediaTypes ?? []));
  });
  wc.session.setPermissionCheckHandler(
    (_wc, permission, origin, details) =>
      isAppUrl(origin) && allowPermission(permission, origin, details.mediaType ? [details.mediaType] : []),
  );
}

export function createMainWindow(
  BrowserWindow: BrowserWindowCtor,
  preloadPath: string,
  placement: Placement = { bounds: DEFAULT_SIZE, maximized: false },
): BrowserWindowLike {
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: '龙陵县职业培训电子券与档案',
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(APP_ENTRY);
  return win;
}
