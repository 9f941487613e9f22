// Reads repeated within one write transaction, answered once. The services are built from helpers
// that each read what they need (a redemption reads its voucher three times, the settings and the
// signing key twice, the plan and the occupation twice), which costs nothing on SQLite and a round
// trip each on PostgreSQL, inside the writers' lock. While a transaction holds that lock no other
// writer changes a row it can see, so a SELECT asked again before this transaction has written
// anything returns what it returned the first time. Any write (run, insertMany, a savepoint, or a
// statement through the query methods that is not a plain SELECT, such as INSERT … RETURNING)
// forgets everything read so far. The PostgreSQL driver wraps every write transaction in this;
// SQLite's reads are in-process calls of a few microseconds, about what keying them would cost.
import type { Sql } from '../sql';
import { isStableRead, type StableStore } from './stableReads';
import type { Rows, WriteTx } from './types';

/** Results larger than this are not kept: the repeated reads are single rows and short lists. */
const MAX_ROWS = 50;
/** Distinct reads kept between two writes, so that a long reading transaction stays small. */
const MAX_ENTRIES = 200;

const SELECT = /^\s*SELECT\b/i;
const FOR_UPDATE = /\bFOR\s+UPDATE\b/i;

/** Rows are handed out as copies, so that a caller changing one cannot change what the next gets. */
function copy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Buffer.isBuffer(v)) return Buffer.from(v) as T;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (Array.isArray(v)) return v.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = copy(x);
  return out as T;
}

/** A SELECT that locks the rows it reads (and is not kept: the lock is what it is for). */
function isLockingRead(tx: WriteTx, q: Sql): boolean {
  const { text } = q.render(tx.engine);
  return SELECT.test(text) && FOR_UPDATE.test(text);
}

/** The statement and its values as a key, or null when it is not a cacheable read. */
function keyOf(tx: WriteTx, q: Sql): { key: string; stable: boolean } | null {
  const { text, values } = q.render(tx.engine);
  if (!SELECT.test(text) || FOR_UPDATE.test(text)) return null;
  // Bytes as parameters are rare in reads and costly to key: such a read is simply not kept. Nor is
  // one with a number JSON would write as null (NaN, ±Infinity): it would share null's answer.
  if (values.some((v) => (typeof v === 'object' && v !== null) || (typeof v === 'number' && !Number.isFinite(v))))
    return null;
  // JSON keeps 1 and '1' apart, and escapes what could otherwise run two values into one.
  return { key: `${text}\u0000${JSON.stringify(values)}`, stable: isStableRead(text) };
}

/**
 * `tx` with its repeated reads answered once; with `stable` (PostgreSQL, whose stamp the driver has
 * just read under the lock), reads of the stamped tables are also kept between transactions for as
 * long as this transaction has written nothing (see stableReads.ts).
 */
export function cachingReads(tx: WriteTx, stable?: StableStore): WriteTx {
  const kept = new Map<string, unknown>();
  // Bumped by every write: a read that was still running when a write began is not kept.
  let writes = 0;
  const forget = () => {
    writes++;
    kept.clear();
  };
  const size = (v: unknown) => (Array.isArray(v) ? v.length : 1);

  async function read<T>(method: 'all' | 'get' | 'value' | 'column', q: Sql): Promise<T> {
    const keyed = keyOf(tx, q);
    if (keyed === null && isLockingRead(tx, q)) {
      // SELECT … FOR UPDATE writes nothing, but once it has waited for another transaction's lock,
      // what that one committed is visible: reads kept before it are read again. The stamped reads
      // stay good, as no writer of the reference tables runs beside this one (WriteOptions.shared).
      kept.clear();
      return (await tx[method](q)) as T;
    }
    if (keyed === null) {
      // Not a plain read: it may write (INSERT … RETURNING), so nothing kept can be trusted after it.
      forget();
      return (await tx[method](q)) as T;
    }
    const k = `${method}\u0000${keyed.key}`;
    const shared = stable && keyed.stable && writes === 0 ? stable : null;
    if (shared?.has(k)) return copy(shared.get(k)) as T;
    if (kept.has(k)) return copy(kept.get(k)) as T;
    const before = writes;
    const out = await tx[method](q);
    if (writes === before && size(out) <= MAX_ROWS) {
      if (shared) shared.set(k, copy(out));
      else if (kept.size < MAX_ENTRIES) kept.set(k, copy(out));
    }
    return out as T;
  }

  return {
    ...tx,
    all: <T>(q: Sql) => read<T[]>('all', q),
    get: <T>(q: Sql) => read<T | undefined>('get', q),
    value: <T>(q: Sql) => read<T | undefined>('value', q),
    column: <T>(q: Sql) => read<T[]>('column', q),
    iterate: (q: Sql, batch?: number) => {
      forget();
      return tx.iterate(q, batch);
    },
    async run(q: Sql) {
      forget();
      return tx.run(q);
    },
    async savepoint<S>(fn: () => Promise<S>) {
      // Its writes may be undone at its end, or made inside it: either way, read again after.
      forget();
      try {
        return await tx.savepoint(fn);
      } finally {
        forget();
      }
    },
    async insertMany(table: string, columns: readonly string[], rows: Rows) {
      forget();
      return tx.insertMany(table, columns, rows);
    },
    async reserveIds(table: string, n: number) {
      forget();
      return tx.reserveIds(table, n);
    },
  } as unknown as WriteTx;
}
