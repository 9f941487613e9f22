// Parses and checks worker spreadsheets on its own long-lived thread, handing over rows in batches,
// so that the main thread writes the rows already checked while this one reads the rest of the file.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../core/errors';
import { checkRoster } from './roster';
import type { CheckedRow } from './workerRows';
import type { BatchMessage, SheetJob } from './rowBatches';

const BATCH = 1000;

async function run({ fileName, bytes, opts, port, signal }: SheetJob) {
  const posted = new Int32Array(signal);
  // The main thread waits on `posted` without running its event loop, so every message also bumps it.
  const send = (m: BatchMessage) => {
    (port as MessagePort).postMessage(m);
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  };
  try {
    let rows: CheckedRow[] = [];
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const summary = await checkRoster(fileName, buffer, opts, (r) => {
      rows.push(r);
      if (rows.length === BATCH) {
        send({ rows });
        rows = [];
      }
    });
    send({ rows, summary });
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
