// One running copy per user data folder: a second start (a double click on the shortcut while the
// app is behind other windows) brings the running window forward instead of opening the database twice.
import type { AppLike, BrowserWindowLike } from './electronTypes';

/** Claims the lock; false means another copy runs, and this one is already quitting. */
export function claimSingleInstance(
  app: Pick<AppLike, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  mainWindow: () => Pick<BrowserWindowLike, 'isMinimized' | 'restore' | 'show' | 'focus'> | null,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = mainWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
