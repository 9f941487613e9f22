// Reads repeated inside one write transaction are answered once (the PostgreSQL driver wraps every
// write transaction so), and never once anything may have changed. Run on both engines over a real
// transaction, counting the statements that reach the engine.
import { afterEach, describe, expect, it } from 'vitest';
import { cachingReads } from '../../electron/db/driver/readCache';
import { stableStore } from '../../electron/db/driver/stableReads';
import type { WriteTx } from '../../electron/db/driver/types';
import { sql, type Sql } from '../../electron/db/sql';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The real transaction, with a count of the statements it was asked to run. */
function counted(tx: WriteTx): { tx: WriteTx; texts: string[] } {
  const texts: string[] = [];
  const note =
    <A extends unknown[], R>(f: (q: Sql, ...a: A) => R) =>
    (q: Sql, ...a: A): R => {
      texts.push(q.render(tx.engine).text);
      return f(q, ...a);
    };
  return {
    texts,
    tx: {
      ...tx,
      all: note(tx.all),
      get: note(tx.get),
      value: note(tx.value),
      column: note(tx.column),
      run: note(tx.run),
    } as WriteTx,
  };
}

const setting = (key: string) => sql`SELECT value FROM setting WHERE key = ${key}`;

describe('reads cached within a write transaction', () => {
  it('answers a repeated SELECT once, with copies a caller cannot spoil', async () => {
    t = await makeTestEnv();
    await t.env.db.write(async (raw) => {
      await raw.run(sql`INSERT INTO setting (key, value) VALUES ('cache.a', '1')`);
      const { tx, texts } = counted(raw);
      const db = cachingReads(tx);
      const first = await db.get<{ value: string }>(setting('cache.a'));
      first!.value = 'changed by the caller';
      const again = await db.get<{ value: string }>(setting('cache.a'));
      expect(again).toEqual({ value: '1' });
      again!.value = 'changed again';
      expect(await db.value(setting('cache.a'))).toBe('1');
      expect(await db.get(setting('cache.a'))).toEqual({ value: '1' });
      // Other values of the same statement are other reads.
      expect(await db.get(setting('cache.none'))).toBeUndefined();
      expect(texts.filter((x) => x.includes('FROM setting'))).toHaveLength(3); // get, value, get(none)
    });
  });

  it('forgets everything after a write, an INSERT … RETURNING or a savepoint', async () => {
    t = await makeTestEnv();
    await t.env.db.write(async (raw) => {
      await raw.run(sql`INSERT INTO setting (key, value) VALUES ('cache.b', '1')`);
      const db = cachingReads(raw);
      expect(await db.value(setting('cache.b'))).toBe('1');
      await db.run(sql`UPDATE setting SET value = '2' WHERE key = 'cache.b'`);
      expect(await db.value(setting('cache.b'))).toBe('2');

      // A write through a query method (RETURNING) is not kept, and clears what was.
      const id1 = await db.value<number>(
        sql`INSERT INTO issue_batch (created_at, created_by, size, note) VALUES ('2026-01-01', NULL, 1, 'x') RETURNING id`,
      );
      const id2 = await db.value<number>(
        sql`INSERT INTO issue_batch (created_at, created_by, size, note) VALUES ('2026-01-01', NULL, 1, 'x') RETURNING id`,
      );
      expect(id2).not.toBe(id1);

      // A savepoint rolled back: the value read inside it is not what is read after.
      await expect(
        db.savepoint(async () => {
          await db.run(sql`UPDATE setting SET value = '3' WHERE key = 'cache.b'`);
          expect(await db.value(setting('cache.b'))).toBe('3');
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await db.value(setting('cache.b'))).toBe('2');

      await db.insertMany('setting', ['key', 'value'], [['cache.c', '9']]);
      expect(await db.column(sql`SELECT value FROM setting WHERE key IN ('cache.b', 'cache.c') ORDER BY key`)).toEqual([
        '2',
        '9',
      ]);
    });
  });

  it('keeps no read that a write overtook', async () => {
    t = await makeTestEnv();
    await t.env.db.write(async (raw) => {
      await raw.run(sql`INSERT INTO setting (key, value) VALUES ('cache.d', '1')`);
      // A read still under way when a write starts: its (older) answer must not be kept.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slow = {
        ...raw,
        get: async (q: Sql) => {
          const row = await raw.get(q);
          await gate;
          return row;
        },
      } as WriteTx;
      const db = cachingReads(slow);
      const pending = db.get(setting('cache.d'));
      await db.run(sql`UPDATE setting SET value = '2' WHERE key = 'cache.d'`);
      release();
      await pending;
      expect(await db.get(setting('cache.d'))).toEqual({ value: '2' });
    });
  });

  it('reads again after a locking read what it kept, but keeps the stamped reads shared between transactions', async () => {
    // SELECT … FOR UPDATE may have waited for another writer's commit (a shared write, beside other
    // redemptions): what this transaction kept before it may be older than what it can now see.
    t = await makeTestEnv();
    await t.env.db.write(async (raw) => {
      await raw.run(sql`INSERT INTO setting (key, value) VALUES ('cache.e', '1')`);
      await raw.run(
        sql`INSERT INTO issue_batch (id, created_at, created_by, size, note) VALUES (990, '2026-01-01', NULL, 1, 'x')`,
      );
      const { tx, texts } = counted(raw);
      const stable = stableStore();
      stable.begin('stamp-1');
      const db = cachingReads(tx, stable);
      const batch = sql`SELECT note FROM issue_batch WHERE id = 990`;
      expect(await db.value(batch)).toBe('x');
      expect(await db.value(setting('cache.e'))).toBe('1');
      expect(texts).toHaveLength(2);
      await db.all(sql`SELECT id FROM issue_batch WHERE id = 990${sql.forUpdate}`);
      await db.all(sql`SELECT id FROM issue_batch WHERE id = 990${sql.forUpdate}`);
      expect(await db.value(batch)).toBe('x');
      expect(await db.value(setting('cache.e'))).toBe('1');
      // PostgreSQL: the lock taken each time it is asked for, the kept read read again, the stamped
      // table's read still kept under the same stamp. SQLite locks nothing (one writer has it all):
      // the same statement is an ordinary read there, kept like any other.
      expect(texts.slice(2).map((x) => x.replace(/\s+/g, ' '))).toEqual(
        raw.engine === 'pg'
          ? [
              'SELECT id FROM issue_batch WHERE id = 990 FOR UPDATE',
              'SELECT id FROM issue_batch WHERE id = 990 FOR UPDATE',
              'SELECT note FROM issue_batch WHERE id = 990',
            ]
          : ['SELECT id FROM issue_batch WHERE id = 990'],
      );
    });
  });

  it('does not keep long results', async () => {
    t = await makeTestEnv();
    await t.env.db.write(async (raw) => {
      await raw.insertMany(
        'setting',
        ['key', 'value'],
        Array.from({ length: 60 }, (_, i) => [`cache.many.${i}`, String(i)]),
      );
      const { tx, texts } = counted(raw);
      const db = cachingReads(tx);
      const q = sql`SELECT key FROM setting WHERE key LIKE 'cache.many.%'`;
      expect(await db.all(q)).toHaveLength(60);
      expect(await db.all(q)).toHaveLength(60);
      expect(texts).toHaveLength(2);
    });
  });
});
