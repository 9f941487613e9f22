import type { Db } from '../db/connection';

/**
 * The one place besides the dispatcher that opens a write transaction: for work that must compute
 * first, outside any transaction (signatures, key derivation, files, threads), and then write what it
 * computed in one short step. Inside a transaction already, it joins it.
 */
export function inWriteTx<T>(db: Db, fn: () => T): T {
  // IMMEDIATE takes the write lock before the first read, as the dispatcher does.
  return db.inTransaction ? fn() : db.transaction(fn).immediate();
}
