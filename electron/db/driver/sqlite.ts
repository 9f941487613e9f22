// The SQLite driver: better-sqlite3 behind the async interface. better-sqlite3 is synchronous, so
// what makes it safe to await inside a transaction is that writers take turns: one write
// transaction at a time per process (a queue), BEGIN IMMEDIATE for the file's write lock across
// processes, and reads on a connection of their own, which in WAL mode see only what was committed.
// A write is answered once its commit is on the disk (walFlush.ts: commits share one fdatasync).
import { realpathSync } from 'node:fs';
import type { Database as Sqlite, Statement } from 'better-sqlite3';
import { AppError } from '../../core/errors';
import { BUSY_TIMEOUT_MS, openDatabase, openRaw, type OpenOptions } from '../connection';
import { WalFlush, type SyncFile } from '../walFlush';
import { sql, type Sql, type SqlValue } from '../sql';
import type { Database, Queryable, ReadDb, Row, Rows, RunResult, WriteOptions, WriteTx } from './types';
import { sharedWriteGuard } from './sharedWrites';
import { Turns } from './turns';

/** Statements prepared once per connection and text: preparing costs more than running a small query. */
class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly conn: Sqlite) {}
  get(text: string): Statement {
    let s = this.cache.get(text);
    if (!s) this.cache.set(text, (s = this.conn.prepare(text)));
    return s;
  }
}

/**
 * Stored values come back as they went in; bigints are not used by the schema, so numbers it is.
 * Text is made well-formed first: better-sqlite3 would write a lone UTF-16 surrogate as bytes that
 * are not UTF-8 (read back as three U+FFFD), where PostgreSQL's driver stores one U+FFFD.
 */
function bind(values: SqlValue[]): unknown[] {
  return values.map((v) =>
    typeof v === 'string' ? v.toWellFormed() : v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v,
  );
}

function queryable(stmts: Statements): Queryable & { run(q: Sql): Promise<RunResult> } {
  const prep = (q: Sql) => {
    const { text, values } = q.render('sqlite');
    return { stmt: stmts.get(text), args: bind(values), text };
  };
  return {
    engine: 'sqlite',
    async all<T>(q: Sql) {
      const { stmt, args } = prep(q);
      return stmt.all(...args) as T[];
    },
    async get<T>(q: Sql) {
      const { stmt, args } = prep(q);
      return stmt.get(...args) as T | undefined;
    },
    async value<T>(q: Sql) {
      const { stmt, args } = prep(q);
      const row = stmt.raw(true).get(...args) as unknown[] | undefined;
      stmt.raw(false);
      return row?.[0] as T | undefined;
    },
    async column<T>(q: Sql) {
      const { stmt, args } = prep(q);
      const rows = stmt.raw(true).all(...args) as unknown[][];
      stmt.raw(false);
      return rows.map((r) => r[0] as T);
    },
    async *iterate<T>(q: Sql) {
      // A statement of its own: a cached one may be needed by someone else while this one steps.
      const { text, values } = q.render('sqlite');
      for (const row of stmts.conn.prepare(text).iterate(...bind(values))) yield row as T;
    },
    async run(q: Sql) {
      const { stmt, args } = prep(q);
      return { changes: stmt.run(...args).changes };
    },
  };
}

/** Reads on a connection opened for something else (a backup being checked): read-only by type. */
export function sqliteReader(conn: Sqlite): ReadDb {
  return queryable(new Statements(conn)) as unknown as ReadDb;
}

export interface SqliteDatabase extends Database {
  readonly engine: 'sqlite';
  readonly file: string;
  /** The writing connection, for what only SQLite has (the online backup API, pragmas, checkpoints). */
  readonly connection: Sqlite;
}

export interface SqliteOptions extends OpenOptions {
  /** How the -wal file is made durable (tests observe it); fdatasync by default. */
  syncWal?: SyncFile;
}

export function openSqlite(file: string, opts: SqliteOptions = {}): SqliteDatabase {
  const writer = openDatabase(file, opts);
  // An in-memory database has no file to sync; every file database is in WAL mode (connection.ts).
  // Beside the file itself: SQLite resolves a symlinked database path before naming its -wal file.
  const wal = file === ':memory:' ? null : new WalFlush(`${realpathSync(file)}-wal`, opts.syncWal);
  // COMMIT only appends to the WAL; durable() below syncs it before the caller hears of it.
  if (wal) writer.pragma('synchronous = NORMAL');
  const refused = (e: Error) =>
    new AppError(
      'INTERNAL',
      `已提交但未能确认写入磁盘（${e.message}）。为免数据丢失，此后的保存都将被拒绝：请检查磁盘后重新启动程序`,
    );
  // After a failed sync nothing more is written (a write refused after its COMMIT would be retried
  // and done twice).
  const stopped = () => {
    if (wal?.failure) throw refused(wal.failure);
  };
  const durable = async <T>(out: T): Promise<T> => {
    try {
      await wal?.flush();
    } catch (e) {
      // Committed, but not known to be on the disk: the caller must not take it as saved, nor anyone
      // after (walFlush.ts keeps the failure). After a restart a retry with the same Idempotency-Key
      // finds the first result if it reached the disk, rather than doing it twice.
      throw refused(e as Error);
    }
    return out;
  };
  let readerConn: Sqlite;
  try {
    // An in-memory database exists only on its one connection.
    readerConn = file === ':memory:' ? writer : openRaw(file, { fileMustExist: true });
    if (readerConn !== writer) {
      readerConn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      readerConn.pragma('query_only = ON');
      readerConn.pragma('cache_size = -65536');
    }
  } catch (e) {
    writer.close();
    throw e;
  }
  const writeStmts = new Statements(writer);
  const reader = queryable(new Statements(readerConn)) as unknown as ReadDb;
  const turns = new Turns();
  let savepoints = 0;

  const writing = queryable(writeStmts);
  const tx = {
    ...writing,
    async savepoint<T>(fn: () => Promise<T>): Promise<T> {
      const name = `sp${++savepoints}`;
      writer.exec(`SAVEPOINT ${name}`);
      try {
        const out = await fn();
        writer.exec(`RELEASE ${name}`);
        return out;
      } catch (e) {
        writer.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw e;
      }
    },
    async insertMany(table: string, columns: readonly string[], rows: Rows) {
      if (rows.length === 0) return;
      const stmt = writeStmts.get(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (let k = 0; k < rows.length; k++) stmt.run(...bind(rows.at(k) as SqlValue[]));
    },
    async reserveIds(table: string, n: number) {
      // On from the highest id written or already handed out in this transaction: a caller may
      // reserve its next ids before it writes the rows of the ones before.
      const highest = await writing.value(sql`SELECT coalesce(max(id), 0) FROM ${sql.ident(table)}`);
      const top = Math.max(Number(highest), reserved.get(table) ?? 0);
      reserved.set(table, top + Math.max(n, 0));
      return Array.from({ length: Math.max(n, 0) }, (_, i) => top + 1 + i);
    },
  } as unknown as WriteTx;
  /** The ids reserveIds handed out in the open transaction, by table. */
  const reserved = new Map<string, number>();

  return {
    engine: 'sqlite',
    label: file,
    file,
    connection: writer,
    reader,
    async write<T>(fn: (tx: WriteTx) => Promise<T>, opts: WriteOptions = {}) {
      // One writer at a time here whatever `shared` says; its rule is kept all the same, so that a
      // shared channel that breaks it fails its tests on either engine.
      const handed = opts.shared === true ? sharedWriteGuard(tx) : tx;
      const out = await turns.run(async () => {
        // IMMEDIATE takes the write lock before the first read, so a second process waits its turn
        // (busy_timeout) instead of failing when both have read and then try to write.
        stopped();
        writer.exec('BEGIN IMMEDIATE');
        reserved.clear();
        try {
          const out = await fn(handed);
          writer.exec('COMMIT');
          return out;
        } catch (e) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw e;
        }
      });
      // The next writer's turn has begun: the disk is waited for outside it.
      return durable(out);
    },
    async exec(q: Sql) {
      const out = await turns.run(async () => {
        stopped();
        const { text, values } = q.render('sqlite');
        return { changes: writeStmts.get(text).run(...bind(values as SqlValue[])).changes };
      });
      return durable(out);
    },
    async read<T>(fn: (db: ReadDb) => Promise<T>) {
      // One snapshot: a connection of its own inside one read transaction, so that no other
      // caller's statements share (or end) it.
      if (file === ':memory:') return fn(reader);
      const conn = openRaw(file, { fileMustExist: true, readonly: true });
      try {
        conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        conn.exec('BEGIN');
        const out = await fn(queryable(new Statements(conn)) as unknown as ReadDb);
        conn.exec('COMMIT');
        return out;
      } finally {
        conn.close();
      }
    },
    async close() {
      await turns.run(async () => undefined);
      await wal?.close();
      if (readerConn !== writer) readerConn.close();
      writer.close();
    },
  };
}

export type { Row };
