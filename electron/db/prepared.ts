import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * Prepared statements, compiled once per connection: preparing costs more than running a
 * small query, and batch issuance runs the same dozen statements ten thousand times.
 */
export function prep(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}
