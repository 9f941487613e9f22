import { Worker } from 'node:worker_threads';
import { qrMatrix, type QrMatrix } from './qr.pdf';
import { workerSpec } from '../core/workerSpec';

type Packed = { size: number; version: number; bits: Uint8Array };
const unpack = (p: Packed): QrMatrix => ({
  size: p.size,
  version: p.version,
  dark: (x, y) => p.bits[y * p.size + x] === 1,
});

const spec = () => workerSpec(import.meta.url, 'qr.worker.ts', 'qr.worker.cjs');

interface Pending {
  texts: string[];
  ready: (Packed | undefined)[];
  waiting: Map<number, (p: Packed) => void>;
}

let worker: Worker | null | undefined;
let nextJob = 1;
const jobs = new Map<number, Pending>();

/** One long-lived thread for the process, started on first use and not keeping the process alive. */
function shared(): Worker | null {
  if (worker !== undefined) return worker;
  const s = spec();
  if (!s) return (worker = null);
  const w = new Worker(s.code, { eval: s.eval });
  w.on('message', ({ job, from, out }: { job: number; from: number; out: Packed[] }) => {
    const p = jobs.get(job);
    if (!p) return;
    out.forEach((packed, k) => {
      p.ready[from + k] = packed;
      p.waiting.get(from + k)?.(packed);
      p.waiting.delete(from + k);
    });
  });
  w.on('error', () => {
    // The thread is gone: whatever was waiting is computed here instead, and so is everything after.
    worker = null;
    for (const p of jobs.values()) for (const [i, resolve] of p.waiting) resolve(pack(qrMatrix(p.texts[i]!)));
  });
  // Held only while a job is in flight (see qrPipeline); idle, it must not keep the process alive.
  w.unref();
  return (worker = w);
}

function pack(m: QrMatrix): Packed {
  const bits = new Uint8Array(m.size * m.size);
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) bits[y * m.size + x] = m.dark(x, y) ? 1 : 0;
  return { size: m.size, version: m.version, bits };
}

/** Starts the thread ahead of the first big PDF (at start-up, or before a benchmark). */
export function warmQrWorker(): void {
  shared();
}

/** Matrices for `texts`, computed ahead in the worker; `get(i)` waits for the i-th. Small jobs compute inline. */
export function qrPipeline(texts: string[]): { get(i: number): Promise<QrMatrix>; close(): void } {
  const w = texts.length >= 20 ? shared() : null;
  if (!w) return { get: async (i) => qrMatrix(texts[i]!), close: () => undefined };
  const job = nextJob++;
  const p: Pending = { texts, ready: new Array(texts.length), waiting: new Map() };
  jobs.set(job, p);
  w.ref();
  w.postMessage({ job, texts });
  return {
    get(i) {
      const r = p.ready[i];
      if (r) return Promise.resolve(unpack(r));
      if (!worker) return Promise.resolve(qrMatrix(texts[i]!));
      return new Promise((resolve) => p.waiting.set(i, (q) => resolve(unpack(q))));
    },
    close() {
      jobs.delete(job);
      if (jobs.size === 0) worker?.unref();
    },
  };
}
