// Parses and checks worker spreadsheets on its own long-lived thread, handing over rows in batches,
// so that the main thread writes the rows already checked while this one reads the rest of the file.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../core/errors';
import { readRows } from './sheetReader';
import { rowChecker, type CheckedRow } from './workerRows';
import type { BatchMessage, SheetJob } from './rowBatches';

const BATCH = 1000;

async function run({ fileName, bytes, townships, port, signal }: SheetJob) {
  const posted = new Int32Array(signal);
  // The main thread waits on `posted` without running its event loop, so every message also bumps it.
  const send = (m: BatchMessage) => {
    (port as MessagePort).postMessage(m);
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  };
  try {
    const checker = rowChecker(new Map(townships));
    let rows: CheckedRow[] = [];
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for await (const { row, cells } of readRows(fileName, buffer)) {
      const r = checker.check(row, cells);
      if (!r) continue;
      rows.push(r);
      if (rows.length === BATCH) {
        send({ rows });
        rows = [];
      }
    }
    const total = checker.finish();
    send({ rows, total });
  } catch (e) {
    send({ error: e instanceof AppError ? { code: e.code, message: e.message } : { message: String(e) } });
  } finally {
    (port as MessagePort).close();
  }
}

// One job at a time, in the order they came.
let queue = Promise.resolve();
parentPort!.on('message', (job: SheetJob) => {
  queue = queue.then(() => run(job));
});
