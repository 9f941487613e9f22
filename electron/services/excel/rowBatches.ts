import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/contract/result';
import { AppError } from '../../core/errors';
import { workerSpec } from '../../core/workerSpec';
import { checkRoster, type RosterOptions, type RosterSummary } from './roster';
import type { CheckedRow } from './workerRows';

export type BatchMessage = {
  rows?: CheckedRow[];
  summary?: RosterSummary;
  error?: { code?: ErrorCode; message: string };
};
export interface SheetJob {
  fileName: string;
  bytes: Uint8Array;
  opts: RosterOptions;
  port: unknown;
  signal: SharedArrayBuffer;
}

/** Below this an .xlsx is read faster than a thread starts. */
const THREAD_FROM_BYTES = 512 * 1024;
/** A thread silent this long is taken as lost. */
const STALL_MS = 30_000;

/**
 * Checked rows in batches, taken synchronously so that they can be written inside one transaction.
 * `next()` gives the next batch, or null at the end with `summary` set; errors in the file throw.
 */
export interface RowBatches {
  next(): CheckedRow[] | null;
  readonly summary: RosterSummary | null;
  close(): Promise<void>;
}

/** A big .xlsx is parsed on a worker thread while the caller writes; anything else is read here first. */
export async function openRowBatches(fileName: string, bytes: Buffer, opts: RosterOptions): Promise<RowBatches> {
  const isZip = bytes.subarray(0, 2).toString('latin1') === 'PK';
  const worker = isZip && bytes.length >= THREAD_FROM_BYTES ? sheetWorker() : null;
  return worker ? threaded(worker, fileName, bytes, opts) : await inline(fileName, bytes, opts);
}

async function inline(fileName: string, bytes: Buffer, opts: RosterOptions): Promise<RowBatches> {
  const rows: CheckedRow[] = [];
  const summary = await checkRoster(fileName, bytes, opts, (r) => rows.push(r));
  let given = false;
  return {
    next: () => (given ? null : ((given = true), rows)),
    summary,
    close: async () => undefined,
  };
}

let shared: Worker | null | undefined;

/** One long-lived thread, so that a second import finds its parser already compiled; idle, it does not keep the process alive. */
function sheetWorker(): Worker | null {
  if (shared !== undefined) return shared;
  const spec = workerSpec(import.meta.url, 'sheet.worker.ts', 'sheet.worker.cjs');
  if (!spec) return (shared = null);
  const w = new Worker(spec.code, { eval: spec.eval });
  w.on('error', () => undefined);
  w.on('exit', () => {
    if (shared === w) shared = undefined;
  });
  w.unref();
  return (shared = w);
}

function threaded(worker: Worker, fileName: string, bytes: Buffer, opts: RosterOptions): RowBatches {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const posted = new Int32Array(signal);
  const job: SheetJob = { fileName, bytes, opts, port: port2, signal };
  worker.postMessage(job, [port2]);
  let seen = 0;
  let summary: RosterSummary | null = null;
  const take = (): BatchMessage => {
    for (;;) {
      const m = receiveMessageOnPort(port1);
      if (m) {
        seen++;
        return m.message as BatchMessage;
      }
      if (Atomics.wait(posted, 0, seen, STALL_MS) === 'timed-out')
        throw new AppError('INTERNAL', '读取表格超时，请重试；若仍失败，请把表格拆小后分批导入');
    }
  };
  return {
    next() {
      if (summary) return null;
      const m = take();
      if (m.error) throw m.error.code ? new AppError(m.error.code, m.error.message) : new Error(m.error.message);
      if (m.summary) summary = m.summary;
      return m.rows ?? [];
    },
    get summary() {
      return summary;
    },
    async close() {
      port1.close();
    },
  };
}
