// Generated files arrive as base64; the browser shows them through object URLs, of which only
// the last few are kept alive so a long session does not hold every PDF it ever printed.
const KEEP = 4;
const live: string[] = [];

export function base64ToBlob(base64: string, mime: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

export function keptObjectUrl(blob: Blob): string {
  const url = URL.createObjectURL(blob);
  live.push(url);
  while (live.length > KEEP) URL.revokeObjectURL(live.shift()!);
  return url;
}

/** Saves a file straight away, e.g. right after the data for it has arrived. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** What the desktop app's save dialog takes; anything else is saved as a browser download. */
const DESKTOP_MIMES = new Set(['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

/**
 * Saves a generated file (an export, a template, an error report) under the name the server gave it:
 * through the system save dialog in the desktop app, as a download in the browser (or should the
 * desktop app refuse the file).
 */
export function saveArtifact(a: { base64: string; mime: string; name: string }) {
  const download = () => saveBlob(base64ToBlob(a.base64, a.mime), a.name);
  if (!window.desktop || !DESKTOP_MIMES.has(a.mime)) return download();
  void window.desktop.saveFile(a).then((r) => {
    if (!r.ok) download();
  }, download);
}
