// The main window comes back where the user left it: size, position and maximized, kept in a
// JSON file in the user data folder. A position on a display that is gone (a laptop undocked,
// a projector unplugged) is not restored: the window opens at the default size, centred.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { BrowserWindowLike, Rectangle } from './electronTypes';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1360, height: 860 };
/** How much of the window must lie on one display for the saved position to be used: enough to grab it. */
const MIN_VISIBLE = { width: 120, height: 60 };

const int = z.number().int().min(-100_000).max(100_000);
const WindowState = z.object({
  bounds: z.object({ x: int, y: int, width: int.min(200), height: int.min(150) }),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Placement {
  bounds: Partial<Pick<Rectangle, 'x' | 'y'>> & Pick<Rectangle, 'width' | 'height'>;
  maximized: boolean;
}

/** The saved state, or null when there is none or it cannot be read (a corrupt file is ignored, not fatal). */
export function readWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file first, so a crash mid-write never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where to open the window: the saved bounds when enough of them is on a display, shrunk and
 * moved to fit inside that display's work area; otherwise the default size, centred by Electron.
 */
export function placeWindow(saved: WindowState | null, displays: readonly { workArea: Rectangle }[]): Placement {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const b = saved.bounds;
  let best: { area: Rectangle; size: number } | null = null;
  for (const { workArea } of displays) {
    const o = overlap(b, workArea);
    if (o.width < MIN_VISIBLE.width || o.height < MIN_VISIBLE.height) continue;
    if (!best || o.width * o.height > best.size) best = { area: workArea, size: o.width * o.height };
  }
  if (!best) return { bounds: { ...DEFAULT_SIZE }, maximized: saved.maximized };
  const a = best.area;
  const width = Math.min(b.width, a.width);
  const height = Math.min(b.height, a.height);
  const x = Math.min(Math.max(b.x, a.x), a.x + a.width - width);
  const y = Math.min(Math.max(b.y, a.y), a.y + a.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** Saves the window's normal (unmaximized) bounds and whether it is maximized when it closes. */
export function trackWindowState(
  win: Pick<BrowserWindowLike, 'on' | 'getNormalBounds' | 'isMaximized'>,
  file: string,
  log: (message: string, error: unknown) => void = () => {},
): void {
  win.on('close', () => {
    try {
      const { x, y, width, height } = win.getNormalBounds();
      const bounds = { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
      writeWindowState(file, { bounds, maximized: win.isMaximized() });
    } catch (e) {
      log('无法保存窗口位置', e);
    }
  });
}
