// Computes QR matrices off the main thread, so that a big batch PDF lays out text on one core
// while the other chooses mask patterns (the costliest part of a QR code).
import { parentPort, workerData } from 'node:worker_threads';
import { qrMatrix } from './qr.pdf';

const { texts, chunk } = workerData as { texts: string[]; chunk: number };
for (let i = 0; i < texts.length; i += chunk) {
  const out = texts.slice(i, i + chunk).map((t) => {
    const m = qrMatrix(t);
    const bits = new Uint8Array(m.size * m.size);
    for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) bits[y * m.size + x] = m.dark(x, y) ? 1 : 0;
    return { size: m.size, version: m.version, bits };
  });
  parentPort!.postMessage({ from: i, out });
}
