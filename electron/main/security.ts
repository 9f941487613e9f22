// Electron security checklist, as plain functions so they are tested without Electron.

export const APP_SCHEME = 'app';
export const APP_HOST = 'longling';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** True only for the app's own pages: exact scheme and host, no credentials, no port. */
export function isAppUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return (
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** Navigation away from the app is never allowed; in-app navigation uses the hash router and never reaches here. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** The only permission the app uses is the camera, for scanning vouchers, and only from its own pages. */
export function allowPermission(
  permission: string,
  requestingUrl: string,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission !== 'media') return false;
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

export interface FrameLike {
  url: string;
}

/** IPC is answered only for the main frame of an app page, never for subframes or other origins. */
export function isTrustedSender(frame: FrameLike | null | undefined, mainFrame: FrameLike | null | undefined): boolean {
  return !!frame && frame === mainFrame && isAppUrl(frame.url);
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; media-src 'self' blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";
