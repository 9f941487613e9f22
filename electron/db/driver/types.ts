// The one data-access interface of the app, with a driver per engine (better-sqlite3 for a single
// machine and offline institution installs, `pg` for the county server). Everything is async, so
// code runs unchanged on either. Reads and writes have different types: a function that writes takes
// a `WriteTx`, which only a write transaction hands out, so a channel that does not write cannot
// call it (the compiler says so).
import type { Engine, Sql } from '../sql';

export type Row = Record<string, unknown>;

/**
 * Rows for insertMany: an array, or rows made one at a time as they are written (`at`), so that an
 * import's 100,000 workers reach PostgreSQL while the later ones are still being prepared.
 */
export interface Rows {
  readonly length: number;
  at(index: number): readonly unknown[] | undefined;
}

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

/** Queries, on a connection of either engine. */
export interface Queryable {
  readonly engine: Engine;
  all<T = Row>(q: Sql): Promise<T[]>;
  get<T = Row>(q: Sql): Promise<T | undefined>;
  /** The first column of the first row (undefined when there is none). */
  value<T = unknown>(q: Sql): Promise<T | undefined>;
  /** The first column of every row. */
  column<T = unknown>(q: Sql): Promise<T[]>;
  /** Rows a batch at a time, for exports and checks that walk a whole table. */
  iterate<T = Row>(q: Sql, batch?: number): AsyncIterable<T>;
}

declare const readBrand: unique symbol;
declare const writeBrand: unique symbol;

/** Reads outside any write transaction: each statement sees what was committed when it ran. */
export interface ReadDb extends Queryable {
  readonly [readBrand]: true;
}

/** The open write transaction: everything through it commits together, or nothing does. */
export interface WriteTx extends Queryable {
  readonly [writeBrand]: true;
  run(q: Sql): Promise<RunResult>;
  /**
   * Runs `fn` so that its writes can be undone alone if it throws (a savepoint): on PostgreSQL a
   * failed statement otherwise aborts the whole transaction, so nothing may be caught and carried
   * on without one. The error is rethrown after the rollback to the savepoint.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /** Rows written in bulk: a COPY on PostgreSQL (one INSERT for a few rows), prepared inserts on SQLite. */
  insertMany(table: string, columns: readonly string[], rows: Rows): Promise<void>;
  /**
   * `n` new ids for rows of `table` (its `id` column), ascending, so that rows written in bulk can be
   * referred to before they are written. PostgreSQL takes them from the column's sequence; SQLite
   * counts on from the highest id and the ids it handed out earlier in this transaction. So on SQLite
   * they hold only if the caller writes those rows in the same transaction before the table gets any
   * row without an explicit id (which SQLite would number from the highest id); ids not written may
   * be handed out again by a later transaction.
   */
  reserveIds(table: string, n: number): Promise<number[]>;
}

export interface WriteOptions {
  /** Called before each retry of a transaction that PostgreSQL had to abort (serialisation, deadlock). */
  onRetry?(attempt: number, error: unknown): void;
  /**
   * A writer that may run beside others of its kind on PostgreSQL (a redemption): it takes the
   * writers' lock shared, so it still never overlaps any other writer, and it locks the rows it
   * decides on itself (the voucher and its holder, `lockVoucherRows`; the audit chain's head). A
   * unique violation then means that a writer beside it took the same thing first: the transaction
   * runs again and sees it. It may not write the stamped reference tables (refused on both engines,
   * sharedWrites.ts). SQLite has one writer at a time whatever this says.
   */
  shared?: boolean;
}

/** A database of either engine, as the app holds it for its whole life. */
export interface Database {
  readonly engine: Engine;
  /** For messages and logs: the file, or the server and database name (never a password). */
  readonly label: string;
  /** Reads that need no transaction. */
  readonly reader: ReadDb;
  /**
   * A write transaction. Writers are serialised where today's code relies on one writer: SQLite takes
   * its write lock first (BEGIN IMMEDIATE, one writer at a time); PostgreSQL takes one advisory lock
   * first (shared for `opts.shared`), so the chain, serial numbers, settlement numbers and every
   * check-then-write stay as they are with many clients and many server processes. Serialisation
   * failures and deadlocks are retried; the function may therefore run more than once and must do
   * nothing but database work.
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>, opts?: WriteOptions): Promise<T>;
  /** Several reads that must see one consistent state. */
  read<T>(fn: (db: ReadDb) => Promise<T>): Promise<T>;
  /**
   * One statement in a transaction of its own, for the server's bookkeeping (sessions, jobs, files,
   * throttling): rows no business rule reads, so on PostgreSQL it does not queue behind the writers'
   * lock. On SQLite it takes its turn with the writers (one connection writes).
   */
  exec(q: Sql): Promise<RunResult>;
  close(): Promise<void>;
}

/** Failures a caller can act on, whatever the engine said. */
export type DbErrorKind = 'unique' | 'foreignKey' | 'check' | 'notNull' | 'busy' | 'raised' | 'other';

/** The SQLite driver's database, for what works on the file as a whole (backups). */
export type { SqliteDatabase } from './sqlite';
export type { PgDatabase } from './pg';
