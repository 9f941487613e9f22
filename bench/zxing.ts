// zxing-wasm under plain Node for the benchmarks: the .wasm comes from the installed package
// (never a CDN), and raw pixels are passed as an ImageData-shaped object.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { qrMatrix } from '../electron/pdf/qr.pdf';

class PixelData {
  readonly colorSpace = 'srgb';
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

let ready: Promise<unknown> | null = null;
export async function prepareZxing(): Promise<unknown> {
  (globalThis as { ImageData?: unknown }).ImageData ??= PixelData;
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  ready ??= prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    fireImmediately: true,
  });
  return ready;
}

/** A grey-free RGBA picture of the QR, 4 pixels a module with its quiet zone, as a scanner would see a clean print. */
export function qrImage(text: string, scale = 4): PixelData {
  const m = qrMatrix(text);
  const q = 4;
  const w = (m.size + 2 * q) * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++)
      if (m.dark(x, y))
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = (((y + q) * scale + dy) * w + (x + q) * scale + dx) * 4;
            data[i] = data[i + 1] = data[i + 2] = 0;
          }
  return new PixelData(data, w, w);
}

export async function decode(img: PixelData): Promise<string | null> {
  const r = await readBarcodes(img as unknown as ImageData, { formats: ['QRCode'] });
  return r[0]?.text ?? null;
}
