// Computes QR matrices off the main thread, so that a big batch PDF lays out text on one core
// while the other chooses mask patterns (the costliest part of a QR code). Long-lived: it takes
// one job after another.
import { parentPort } from 'node:worker_threads';
import { qrMatrix } from './qr.pdf';

const CHUNK = 25;

parentPort!.on('message', ({ job, texts }: { job: number; texts: string[] }) => {
  for (let i = 0; i < texts.length; i += CHUNK) {
    const out = texts.slice(i, i + CHUNK).map((t) => {
      const m = qrMatrix(t);
      const bits = new Uint8Array(m.size * m.size);
      for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) bits[y * m.size + x] = m.dark(x, y) ? 1 : 0;
      return { size: m.size, version: m.version, bits };
    });
    parentPort!.postMessage({ job, from: i, out });
  }
});
