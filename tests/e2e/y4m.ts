// A fake camera for Chromium: a short YUV4MPEG2 video showing one QR code, for
// --use-file-for-fake-video-capture. Black modules on a white luma plane; chroma is neutral.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

export interface Y4mOptions {
  width?: number;
  height?: number;
  frames?: number;
  /** Largest module size in pixels; smaller if the code would not fit. */
  moduleSize?: number;
}

const QUIET = 4;

export function qrY4m(text: string, path: string, opts: Y4mOptions = {}): void {
  const { width: W = 640, height: H = 480, frames = 10, moduleSize = 8 } = opts;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const n = modules.size;
  const px = Math.min(moduleSize, Math.floor(Math.min(W, H) / (n + 2 * QUIET)));
  if (px < 2) throw new Error(`QR of ${n} modules does not fit ${W}x${H}`);
  const left = Math.floor((W - n * px) / 2);
  const top = Math.floor((H - n * px) / 2);

  const y = Buffer.alloc(W * H, 235); // white (video range)
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      for (let dy = 0; dy < px; dy++)
        y.fill(16, (top + r * px + dy) * W + left + c * px, (top + r * px + dy) * W + left + (c + 1) * px);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
