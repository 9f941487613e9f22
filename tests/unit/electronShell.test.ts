import { describe, expect, it } from 'vitest';
import type { BrowserWindowOptions, IpcMainInvokeEventLike, WebContentsLike } from '../../electron/main/electronTypes';
import { allowNavigation, allowPermission, APP_ENTRY, isAppUrl, isTrustedSender } from '../../electron/main/security';
import { createMainWindow, hardenWebContents } from '../../electron/main/window';

describe('URL allowlist', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://longling/index.html#/workers')).toBe(true);
  });

  it.each([
    'https://longling/index.html',
    'http://127.0.0.1:5180/',
    'file:///etc/passwd',
    'app://longling.evil.com/index.html',
    'app://evil.com/longling',
    'app://longling@evil.com/',
    'app://user:pass@longling/',
    'app://longling:8080/',
    'app://LONGLING.evil/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'app:longling',
    '//longling/index.html',
    'app://%6c%6fngling.evil/',
    ' app://evil/',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(allowNavigation(url)).toBe(false);
  });
});

describe('permissions', () => {
  it('allows the camera only, only for the app', () => {
    expect(allowPermission('media', APP_ENTRY, ['video'])).toBe(true);
    expect(allowPermission('media', APP_ENTRY, ['audio'])).toBe(false);
    expect(allowPermission('media', APP_ENTRY, ['video', 'audio'])).toBe(false);
    expect(allowPermission('media', APP_ENTRY, [])).toBe(false);
    expect(allowPermission('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const p of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'midi',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(allowPermission(p, APP_ENTRY, ['video'])).toBe(false);
    }
  });
});

/** A stand-in for Electron's webContents that records the handlers the shell installs. */
function fakeWebContents() {
  const listeners: Record<string, ((...a: unknown[]) => void)[]> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  let requestHandler: ((...a: unknown[]) => void) | null = null;
  let checkHandler: ((...a: unknown[]) => boolean) | null = null;
  const wc = {
    id: 7,
    session: {
      setPermissionRequestHandler: (h: never) => (requestHandler = h),
      setPermissionCheckHandler: (h: never) => (checkHandler = h),
    },
    on: (event: string, l: (...a: unknown[]) => void) => (listeners[event] ??= []).push(l),
    setWindowOpenHandler: (h: never) => (openHandler = h),
  } as unknown as WebContentsLike;
  const navigate = (event: string, url: string) => {
    let prevented = false;
    for (const l of listeners[event] ?? []) l({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  const request = (permission: string, url: string, mediaTypes: string[] = []) =>
    new Promise<boolean>((ok) => requestHandler!(null, permission, ok, { requestingUrl: url, mediaTypes }));
  return {
    wc,
    navigate,
    open: (url: string) => openHandler!({ url }),
    request,
    check: (...a: unknown[]) => checkHandler!(...a),
    listeners,
  };
}

describe('window hardening', () => {
  it('blocks navigation and redirects away from the app, new windows and webviews', () => {
    const f = fakeWebContents();
    hardenWebContents(f.wc);
    expect(f.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.navigate('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(f.navigate('will-navigate', 'app://longling/index.html')).toBe(false);
    expect(f.open('app://longling/index.html')).toEqual({ action: 'deny' });
    expect(f.open('https://example.com')).toEqual({ action: 'deny' });
    let prevented = false;
    f.listeners['will-attach-webview']![0]!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('grants the camera to the app and nothing else to anyone', async () => {
    const f = fakeWebContents();
    hardenWebContents(f.wc);
    expect(await f.request('media', 'app://longling/index.html', ['video'])).toBe(true);
    expect(await f.request('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(await f.request('notifications', 'app://longling/index.html')).toBe(false);
    expect(f.check(null, 'media', 'app://longling', { mediaType: 'video' })).toBe(true);
    expect(f.check(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
  });

  it('creates the window sandboxed, isolated, without Node, loading only the app entry', () => {
    const f = fakeWebContents();
    let opts: BrowserWindowOptions | null = null;
    let loaded = '';
    class FakeWindow {
      webContents = f.wc;
      constructor(o: BrowserWindowOptions) {
        opts = o;
      }
      loadURL(url: string) {
        loaded = url;
        return Promise.resolve();
      }
      once() {}
      on() {}
      show() {}
      focus() {}
      maximize() {}
      isMaximized = () => false;
      isMinimized = () => false;
      restore() {}
      getNormalBounds = () => ({ x: 0, y: 0, width: 1360, height: 860 });
      destroy() {}
    }
    createMainWindow(FakeWindow, '/app/preload.cjs');
    expect(opts!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(loaded).toBe(APP_ENTRY);
    expect(f.listeners['will-navigate']).toHaveLength(1);
  });
});

describe('IPC sender check', () => {
  const main = { url: 'app://longling/index.html' };
  it('trusts only the main frame of an app page', () => {
    expect(isTrustedSender(main, main)).toBe(true);
    expect(isTrustedSender({ url: 'app://longling/index.html' }, main)).toBe(false); // a subframe
    const evil = { url: 'https://evil.example/' };
    expect(isTrustedSender(evil, evil)).toBe(false);
    expect(isTrustedSender(null, main)).toBe(false);
  });
  it('is an event shape the IPC transport reads', () => {
    const e: IpcMainInvokeEventLike = { sender: { id: 1, mainFrame: main }, senderFrame: main };
    expect(isTrustedSender(e.senderFrame, e.sender.mainFrame)).toBe(true);
  });
});
