// QR decoding in the renderer with ZXing compiled to WebAssembly. The .wasm is one of the
// app's own files (never a CDN): the app works offline and its CSP allows only 'self'.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true };

let ready: Promise<unknown> | null = null;

function prepare(): Promise<unknown> {
  ready ??= prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
    fireImmediately: true,
  }).catch((e: unknown) => {
    ready = null; // let the next attempt try again
    throw e;
  });
  return ready;
}

/** The distinct QR texts in an image file or a video frame, in reading order. */
export async function decodeQr(input: Blob | ImageData, options: ReaderOptions = {}): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(input, { ...OPTIONS, ...options });
  return [...new Set(results.filter((r) => r.isValid && r.text !== '').map((r) => r.text))];
}
