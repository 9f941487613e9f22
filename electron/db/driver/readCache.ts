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
import type { WriteTx } from './types';

/** Results larger than this are not kept: the repeated reads are single rows and short lists. */
const MAX_ROWS = 50;

const SELECT = /^\s*SELECT\b/i;

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

/** The statement and its values as a key, or null when it is not a cacheable read. */
function keyOf(tx: WriteTx, q: Sql): string | null {
  const { text, values } = q.render(tx.engine);
  if (!SELECT.test(text) || /\bFOR\s+UPDATE\b/i.test(text)) return null;
  const parts: string[] = [];
  for (const v of values) {
    // Bytes as parameters are rare in reads and costly to key: such a read is simply not kept.
    if (typeof v === 'object' && v !== null) return null;
    parts.push(typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`);
  }
  return `${text}\u0000${parts.join('\u0000')}`;
}

export function cachingReads(tx: WriteTx): WriteTx {
  const kept = new Map<string, unknown>();
  const size = (v: unknown) => (Array.isArray(v) ? v.length : 1);

  async function read<T>(method: 'all' | 'get' | 'value' | 'column', q: Sql): Promise<T> {
    const key = keyOf(tx, q);
    if (key === null) {
      // Not a plain read: it may write (INSERT … RETURNING), so nothing kept can be trusted after it.
      kept.clear();
      return (await tx[method](q)) as T;
    }
    const k = `${method}\u0000${key}`;
    if (kept.has(k)) return copy(kept.get(k)) as T;
    const out = await tx[method](q);
    if (size(out) <= MAX_ROWS) kept.set(k, copy(out));
    return out as T;
  }

  return {
    ...tx,
    all: <T>(q: Sql) => read<T[]>('all', q),
    get: <T>(q: Sql) => read<T | undefined>('get', q),
    value: <T>(q: Sql) => read<T | undefined>('value', q),
    column: <T>(q: Sql) => read<T[]>('column', q),
    iterate: (q: Sql, batch?: number) => {
      kept.clear();
      return tx.iterate(q, batch);
    },
    async run(q: Sql) {
      kept.clear();
      return tx.run(q);
    },
    async savepoint<S>(fn: () => Promise<S>) {
      // Its writes may be undone at its end, or made inside it: either way, read again after.
      kept.clear();
      try {
        return await tx.savepoint(fn);
      } finally {
        kept.clear();
      }
    },
    async insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]) {
      kept.clear();
      return tx.insertMany(table, columns, rows);
    },
  } as unknown as WriteTx;
}
