// The PostgreSQL driver: `pg` behind the async interface, for the county server. Write
// transactions take one transaction-scoped advisory lock first, so writers run one at a time across
// every server process (what the code relies on: the audit chain's next row, serial and settlement
// numbers, checks made before a write). Reads need no lock and run on the pool meanwhile. A writer
// that locks the rows it decides on itself (a redemption: WriteOptions.shared) takes the same lock
// shared instead, so such writers run beside each other but never beside any other writer.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dbErrorKind, isRetryable } from './errors';
import { cachingReads } from './readCache';
import { sharedWriteGuard } from './sharedWrites';
import { stableStore } from './stableReads';
import { Turns } from './turns';
import { sql, type Sql } from '../sql';
import type { Database, Queryable, ReadDb, Rows, RunResult, WriteOptions, WriteTx } from './types';

const { Pool, types } = pg;

// Counts and sums come back as numbers (int8, numeric), booleans as 1/0 like SQLite's, so a row reads
// the same from either engine. Amounts are integer fen far below 2^53.
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));
types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));

/** Any constant: it names the lock every writing transaction of this app takes. */
export const WRITE_LOCK_KEY = 7_052_312;
const MAX_ATTEMPTS = 6;
/** Writers of one process holding a connection at once, fewer than the pool has (see write). */
const WRITERS_WAITING = 2;
/**
 * Shared writers of one process at once (WriteOptions.shared). They still append to the audit chain
 * one at a time, each holding its head from the append to COMMIT: two let one read while the other
 * appends. More did not redeem faster here (two cores), and made an exclusive writer (a registration)
 * wait for every shared one under way to pass the head, a second and more at 50 clients.
 */
const SHARED_WRITERS = 2;

type Client = pg.PoolClient | pg.Pool;

/** Rows per chunk written into a COPY: bounded so that a 100,000-row import builds no huge string. */
const COPY_ROWS = 2_000;

/**
 * A value in COPY's text format: NULL as \N, bytes in bytea's hex form, backslash and the row and
 * column separators escaped, so that it is stored as a parameter of an INSERT would store it.
 */
function copyValue(v: unknown): string {
  if (v === undefined || v === null) return '\\N';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') {
    // A lone UTF-16 surrogate is stored as U+FFFD, as a single insert (pg encodes UTF-8 so) and
    // SQLite's driver do. Most values need neither change: tested first, as copying costs more.
    const text = v.isWellFormed() ? v : v.toWellFormed();
    return NEEDS_ESCAPE.test(text) ? text.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]!) : text;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v).toString('hex')}`;
  throw refusedValue(v);
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * What SQLite's bulk insert would refuse too (a boolean: the schema keeps 0/1 integers, a Date) or
 * store differently (NaN and infinities): refused by both paths, and the statement writes nothing.
 */
const refusedValue = (v: unknown) =>
  new Error(`insertMany: a value that would not be stored as it is (${typeof v}: ${String(v)})`);

/** A value bound to a parameter of the small-write INSERT, with the same refusals as copyValue. */
function paramValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.toWellFormed();
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw refusedValue(v);
}

/** The rows as COPY text, a chunk at a time (each a string of whole lines). */
function* copyChunks(rows: Rows): Generator<string> {
  for (let i = 0; i < rows.length; i += COPY_ROWS) {
    let text = '';
    for (let k = i; k < Math.min(i + COPY_ROWS, rows.length); k++) {
      const r = rows.at(k)!;
      for (let j = 0; j < r.length; j++) text += (j === 0 ? '' : '\t') + copyValue(r[j]);
      text += '\n';
    }
    yield text;
  }
}

/** Table and column names are the app's own constants, written into the COPY statement as they are. */
const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Statements the app runs again and again are prepared once per connection (a named statement), so
 * PostgreSQL parses and plans them once instead of at every call: that was half the time of a
 * redemption's thirty-odd small queries. Bounded so that texts built with many parameters (IN-lists
 * of varying length) do not pile up prepared statements on every pooled connection; those, and any
 * text beyond the bound, run unnamed as before.
 */
const PREPARED_MAX = 400;
const PREPARED_MAX_PARAMS = 64;
const prepared = new Map<string, string>();

function render(q: Sql): { text: string; values: unknown[]; name?: string } {
  return named(q.render('pg'));
}

/** The statement with the name it is prepared under, when it is one to prepare. */
function named(r: { text: string; values: unknown[] }): { text: string; values: unknown[]; name?: string } {
  if (r.values.length > PREPARED_MAX_PARAMS) return r;
  let name = prepared.get(r.text);
  if (name === undefined) {
    if (prepared.size >= PREPARED_MAX) return r;
    name = `ll_${createHash('sha256').update(r.text).digest('hex').slice(0, 24)}`;
    prepared.set(r.text, name);
  }
  return { ...r, name };
}

/**
 * A pooled connection for one piece of work. pg-pool stops listening for a checked-out client's
 * errors, so a connection lost meanwhile (the server restarted, the network dropped) would end the
 * process as an uncaught 'error' event: it is listened for here, and such a client is discarded
 * rather than handed out again. The query that was running fails on its own.
 */
async function checkout(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(): void }> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (e: Error) => (lost = e);
  client.on('error', onError);
  return {
    client,
    release() {
      client.off('error', onError);
      client.release(lost);
    },
  };
}

function queryable(client: Client): Queryable {
  return {
    engine: 'pg',
    async all<T>(q: Sql) {
      return (await client.query(render(q))).rows as T[];
    },
    async get<T>(q: Sql) {
      return (await client.query(render(q))).rows[0] as T | undefined;
    },
    async value<T>(q: Sql) {
      const r = await client.query({ ...render(q), rowMode: 'array' });
      return (r.rows[0] as unknown[] | undefined)?.[0] as T | undefined;
    },
    async column<T>(q: Sql) {
      const r = await client.query({ ...render(q), rowMode: 'array' });
      return (r.rows as unknown[][]).map((row) => row[0] as T);
    },
    async *iterate<T>(q: Sql, batch = 1000) {
      // A cursor inside a transaction of its own (or the caller's): rows arrive a batch at a time.
      const own = !('release' in client) ? await checkout(client as pg.Pool) : null;
      const c = (own?.client ?? client) as pg.PoolClient;
      const name = `cur_${Math.random().toString(36).slice(2, 10)}`;
      const { text, values } = render(q);
      if (own) await c.query('BEGIN READ ONLY');
      try {
        await c.query({ text: `DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, values });
        for (;;) {
          const r = await c.query(`FETCH ${batch} FROM ${name}`);
          for (const row of r.rows) yield row as T;
          if (r.rows.length < batch) break;
        }
        await c.query(`CLOSE ${name}`);
        if (own) await c.query('COMMIT');
      } catch (e) {
        if (own) await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        own?.release();
      }
    },
  };
}

export interface PgDatabase extends Database {
  readonly engine: 'pg';
  readonly pool: pg.Pool;
  /** The connection URL, for PostgreSQL's own tools (pg_dump); never logged (see label). */
  readonly url: string;
}

/** `postgres://user@host/db` → `postgres://user@host/db` without the password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export function openPg(url: string, opts: { max?: number } = {}): PgDatabase {
  // keepAlive: a server that vanished without closing the connection (a crash, a failover, a
  // firewall forgetting it) is noticed by the operating system instead of waited for forever.
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: 'longling',
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client's error (the server restarted) must not end the process; the next query reconnects.
  pool.on('error', () => undefined);
  const reader = queryable(pool) as ReadDb;
  // Two writers of this process at a time hold a connection while they wait for the writers' lock
  // (see write), so that the next is already waiting when the lock is let go, and a write stuck on a
  // connection that died unnoticed does not stop every other.
  const turns = new Turns(WRITERS_WAITING);
  // Shared writers run beside each other, a connection each; with the exclusive writers' turns they
  // leave the rest of the pool (10 by default) to reads, which never wait for the lock.
  const sharedTurns = new Turns(SHARED_WRITERS);
  // Reads of the reference tables kept between write transactions (stableReads.ts), once the schema
  // has the stamp they are kept under (migration 026; until then, and for a database not yet
  // migrated, every transaction reads as before).
  const stable = stableStore();
  let stamped = false;
  const hasStamp = async () =>
    (stamped ||= (await pool.query<{ ok: boolean }>("SELECT to_regclass('ref_stamp') IS NOT NULL AS ok")).rows[0]!.ok);

  async function attempt<T>(fn: (tx: WriteTx) => Promise<T>, shared: boolean): Promise<T> {
    const withStamp = await hasStamp();
    const { client, release } = await checkout(pool);
    let savepoints = 0;
    const base = queryable(client);
    const tx = {
      ...base,
      async run(q: Sql): Promise<RunResult> {
        return { changes: (await client.query(render(q))).rowCount ?? 0 };
      },
      async savepoint<S>(fn2: () => Promise<S>): Promise<S> {
        const name = `sp${++savepoints}`;
        await client.query(`SAVEPOINT ${name}`);
        try {
          const out = await fn2();
          await client.query(`RELEASE SAVEPOINT ${name}`);
          return out;
        } catch (e) {
          await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
          await client.query(`RELEASE SAVEPOINT ${name}`);
          throw e;
        }
      },
      async insertMany(table: string, columns: readonly string[], source: Rows) {
        // COPY: the rows stream in as text that PostgreSQL reads straight into the table, where an
        // INSERT of thousands of placeholders (or of one JSON document) costs more to parse, plan
        // and unpack than to store. Triggers and constraints apply as to any insert. A Buffer is
        // meant for a bytea column (it would be stored as its hex text in a text column).
        if (![table, ...columns].every((n) => IDENT.test(n))) throw new Error(`insertMany: bad name in ${table}`);
        if (source.length === 0) return;
        if (source.length * columns.length <= PREPARED_MAX_PARAMS) {
          const rows = Array.from({ length: source.length }, (_, k) => source.at(k)!);
          // A few rows (a voucher and its event, a worker's groups): one prepared INSERT is one round
          // trip, where a COPY waits for the server's answer before it sends its rows.
          let k = 0;
          const tuples = rows.map((r) => `(${r.map(() => `$${++k}`).join(', ')})`);
          const values = rows.flatMap((r) => r.map(paramValue));
          const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
          // Prepared only for one row: each count of rows is a text of its own, and would take a
          // place among the prepared statements that the app's frequent queries need.
          await client.query(rows.length === 1 ? named({ text, values }) : { text, values });
          return;
        }
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(copyChunks(source)), stream);
      },
      async reserveIds(table: string, n: number) {
        sql.ident(table); // the app's own constant: refused unless a plain name
        if (n <= 0) return [];
        const r = await client.query({
          text: 'SELECT nextval(pg_get_serial_sequence($1, $2)) FROM generate_series(1, $3) ORDER BY 1',
          values: [table, 'id', n],
          rowMode: 'array',
        });
        return (r.rows as unknown[][]).map((row) => Number(row[0]));
      },
    } as unknown as WriteTx;
    try {
      // One round trip for all (a simple query of several statements; the key is a constant): the
      // stamp is read once the lock is held, so no other writer can change it until COMMIT (shared
      // writers beside each other keep off the reference tables: they see the same stamp). READ
      // COMMITTED whatever the database's or role's default: each statement sees what the writer
      // before committed, where a snapshot taken before the lock was granted would not.
      const begun = (await client.query(
        `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock${shared ? '_shared' : ''}(${WRITE_LOCK_KEY})${withStamp ? '; SELECT stamp FROM ref_stamp WHERE id = 1' : ''}`,
      )) as unknown as pg.QueryResult[];
      if (withStamp) stable.begin((begun[2]?.rows[0] as { stamp?: string } | undefined)?.stamp ?? null);
      const out = await fn(cachingReads(shared ? sharedWriteGuard(tx) : tx, withStamp ? stable : undefined));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      release();
    }
  }

  return {
    engine: 'pg',
    label: redactUrl(url),
    url,
    pool,
    reader,
    async write<T>(fn: (tx: WriteTx) => Promise<T>, opts: WriteOptions = {}) {
      // Few writers of this process hold a connection while they wait for the writers' lock. Without
      // the queue, eleven writes at once took all ten connections waiting, and the one holding the
      // lock could never get another for what it wrote outside its transaction (then, a new session): the
      // server hung for good. Writers run one at a time anyway, under the lock.
      const shared = opts.shared === true;
      return (shared ? sharedTurns : turns).run(async () => {
        for (let n = 1; ; n++) {
          try {
            return await attempt(fn, shared);
          } catch (e) {
            // Beside another shared writer, a unique violation is the other's row committed first
            // (the same request sent twice, its idempotency key): run again, and see it.
            const again = isRetryable(e) || (shared && dbErrorKind(e) === 'unique');
            if (!again || n >= MAX_ATTEMPTS) throw e;
            opts.onRetry?.(n, e);
            await new Promise((r) => setTimeout(r, 5 * 2 ** n * Math.random()));
          }
        }
      });
    },
    async exec(q: Sql) {
      const r = await pool.query(render(q));
      return { changes: r.rowCount ?? 0 };
    },
    async read<T>(fn: (db: ReadDb) => Promise<T>) {
      const { client, release } = await checkout(pool);
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const out = await fn(queryable(client) as ReadDb);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        release();
      }
    },
    async close() {
      await turns.idle();
      await sharedTurns.idle();
      await pool.end();
    },
  };
}
