import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { qrMatrix, type QrMatrix } from './qr.pdf';

type Packed = { size: number; version: number; bits: Uint8Array };
const unpack = (p: Packed): QrMatrix => ({
  size: p.size,
  version: p.version,
  dark: (x, y) => p.bits[y * p.size + x] === 1,
});

/** The worker's file: TypeScript in development (run through tsx), a bundled .cjs in the app. */
function workerFile(): { file: string; execArgv: string[] } | null {
  const here = fileURLToPath(import.meta.url);
  const bundled = here.replace(/[^/\\]+$/, 'qr.worker.cjs');
  if (here.endsWith('.cjs') && existsSync(bundled)) return { file: bundled, execArgv: [] };
  const ts = here.replace(/qrPool\.ts$/, 'qr.worker.ts');
  return here.endsWith('.ts') && existsSync(ts) ? { file: ts, execArgv: ['--import', 'tsx'] } : null;
}

/**
 * Matrices for `texts`, computed ahead in a worker thread; `get(i)` waits for the i-th. Small
 * jobs, or a machine where the worker cannot start, compute inline.
 */
export function qrPipeline(texts: string[]): { get(i: number): Promise<QrMatrix>; close(): void } {
  const spec = texts.length >= 20 ? workerFile() : null;
  if (!spec) return { get: async (i) => qrMatrix(texts[i]!), close: () => undefined };
  const ready: (Packed | undefined)[] = new Array(texts.length);
  const waiting = new Map<number, (p: Packed) => void>();
  let failed: Error | null = null;
  const worker = new Worker(spec.file, { workerData: { texts, chunk: 25 }, execArgv: spec.execArgv });
  worker.on('message', (msg: { from: number; out: Packed[] }) => {
    msg.out.forEach((p, k) => {
      const i = msg.from + k;
      ready[i] = p;
      waiting.get(i)?.(p);
      waiting.delete(i);
    });
  });
  worker.on('error', (e) => {
    failed = e;
    for (const [i, resolve] of waiting) resolve(toPacked(qrMatrix(texts[i]!)));
    waiting.clear();
  });
  return {
    get(i) {
      const p = ready[i];
      if (p) return Promise.resolve(unpack(p));
      if (failed) return Promise.resolve(qrMatrix(texts[i]!));
      return new Promise((resolve) => waiting.set(i, (q) => resolve(unpack(q))));
    },
    close: () => void worker.terminate(),
  };
}

function toPacked(m: QrMatrix): Packed {
  const bits = new Uint8Array(m.size * m.size);
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) bits[y * m.size + x] = m.dark(x, y) ? 1 : 0;
  return { size: m.size, version: m.version, bits };
}
