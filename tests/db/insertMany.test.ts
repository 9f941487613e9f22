// insertMany on both engines: on PostgreSQL the rows stream in through COPY's text format, so its
// separators, escapes and end-of-data marker inside values must come back as they went in, bytes and
// nulls too, and what a single insert would not store as it is must be refused with nothing written.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PgDatabase } from '../../electron/db/driver/pg';
import { sql } from '../../electron/db/sql';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { testEngine } from '../fixtures/testStore';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const COLUMNS = ['serial', 'id_fp', 'kdf', 'salt', 'hash'] as const;
// What COPY's text format would read otherwise: its NULL, its end-of-data line, separators, escapes.
const TRICKY = ['\\N', '\\.', 'a\tb', 'a\nb', 'a\r\nb', 'x\\ty', '\\\\N', '', ' ', 'a\\'];
const serial = (i: number) => `53052320260000${String(i).padStart(6, '0')}`;

describe('insertMany', () => {
  // 2,500 rows go as a COPY on PostgreSQL, 3 (15 values) as one prepared INSERT.
  it.each([2500, 3])('keeps bytes, text with escapes and separators, and nulls as they were, in %i rows', async (n) => {
    t = await makeTestEnv();
    const rows = Array.from({ length: n }, (_, i) => [
      serial(i),
      n < 10 ? TRICKY[i]! : i % 3 === 0 ? null : i % 3 === 1 ? `fp "${i}" \\ '引号'` : TRICKY[i % TRICKY.length]!,
      'scrypt:N=16384,r=8,p=1',
      randomBytes(16),
      randomBytes(32),
    ]);
    await t.env.db.write((tx) => tx.insertMany('holder_verifier', COLUMNS, rows));
    const back = await t.env.db.reader.all<{
      serial: string;
      id_fp: string | null;
      salt: Uint8Array;
      hash: Uint8Array;
    }>(sql`SELECT serial, id_fp, salt, hash FROM holder_verifier ORDER BY serial`);
    expect(back).toHaveLength(rows.length);
    back.forEach((r, i) => {
      expect(r.serial).toBe(rows[i]![0]);
      expect(r.id_fp).toBe(rows[i]![1]);
      expect(Buffer.from(r.salt).equals(rows[i]![3] as Buffer)).toBe(true);
      expect(Buffer.from(r.hash).equals(rows[i]![4] as Buffer)).toBe(true);
    });
  });

  it('stores a lone UTF-16 surrogate as U+FFFD in bulk, as a single insert does on either engine', async () => {
    t = await makeTestEnv();
    const lone = 'fp\uD800x';
    await t.env.db.write(async (tx) => {
      await tx.insertMany('holder_verifier', COLUMNS, [
        [serial(1), lone, 'scrypt:x', randomBytes(16), randomBytes(32)],
      ]);
      await tx.run(
        sql`INSERT INTO holder_verifier (serial, id_fp, kdf, salt, hash) VALUES (${serial(2)}, ${lone}, 'scrypt:x', ${randomBytes(16)}, ${randomBytes(32)})`,
      );
    });
    const back = await t.env.db.reader.column<string>(sql`SELECT id_fp FROM holder_verifier ORDER BY serial`);
    expect(back).toEqual(['fp\uFFFDx', 'fp\uFFFDx']);
  });

  it.skipIf(testEngine() !== 'pg')(
    'refuses on PostgreSQL what a single insert would not keep, writes nothing, and the connection goes on',
    async () => {
      t = await makeTestEnv();
      const good = [serial(1), null, 'scrypt:x', randomBytes(16), randomBytes(32)];
      // Two rows go as one INSERT, a hundred as a COPY that fails half-way through.
      for (const n of [2, 100])
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date(), true]) {
          const rows = Array.from({ length: n }, (_, i) =>
            i === n >> 1
              ? [serial(2), bad, 'scrypt:x', randomBytes(16), randomBytes(32)]
              : [serial(100 + i), ...good.slice(1)],
          );
          await expect(t.env.db.write((tx) => tx.insertMany('holder_verifier', COLUMNS, rows))).rejects.toThrow(
            /insertMany/,
          );
        }
      await expect(
        t.env.db.write((tx) => tx.insertMany('holder_verifier', ['serial', 'idFp'], [[serial(3), 'x']])),
      ).rejects.toThrow(/insertMany/);
      expect(await t.count('holder_verifier')).toBe(0);
      // Every connection of the pool, some of which abandoned a COPY, still answers; and a bulk
      // write after them goes in whole.
      const pool = (t.env.db as PgDatabase).pool;
      const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
      for (const c of clients) expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      clients.forEach((c) => c.release());
      await t.env.db.write((tx) =>
        tx.insertMany(
          'holder_verifier',
          COLUMNS,
          Array.from({ length: 12 }, (_, i) => [serial(10 + i), null, 'scrypt:x', randomBytes(16), randomBytes(32)]),
        ),
      );
      expect(await t.count('holder_verifier')).toBe(12);
    },
  );

  it('reports a bulk write that fails in the database as itself, writes nothing, and reads what came before', async () => {
    t = await makeTestEnv();
    const row = (i: number) => [serial(i), null, 'scrypt:x', randomBytes(16), randomBytes(32)];
    // A COPY and a single-row INSERT, then a read in the same transaction that sees both.
    const seen = await t.env.db.write(async (tx) => {
      await tx.insertMany(
        'holder_verifier',
        COLUMNS,
        Array.from({ length: 300 }, (_, i) => row(i)),
      );
      await tx.insertMany('holder_verifier', COLUMNS, [row(1000)]);
      return tx.value<number>(sql`SELECT count(*) FROM holder_verifier`);
    });
    expect(Number(seen)).toBe(301);
    // A duplicate half-way through a COPY: the unique violation itself is what the caller gets (not
    // a later statement's "transaction aborted"), whether a read or the commit comes next.
    for (const next of ['read', 'commit'] as const) {
      const failed = t.env.db.write(async (tx) => {
        await tx.insertMany(
          'holder_verifier',
          COLUMNS,
          Array.from({ length: 200 }, (_, i) => row(2000 + (i % 150))),
        );
        await tx.insertMany('holder_verifier', COLUMNS, [row(5000)]);
        if (next === 'read') await tx.value(sql`SELECT count(*) FROM holder_verifier`);
      });
      await expect(failed).rejects.toMatchObject({
        code: t.engine === 'pg' ? '23505' : 'SQLITE_CONSTRAINT_PRIMARYKEY',
      });
    }
    expect(await t.count('holder_verifier')).toBe(301);
    // A failed bulk write inside a savepoint is undone with it, and the transaction goes on.
    await t.env.db.write(async (tx) => {
      await expect(
        tx.savepoint(() =>
          tx.insertMany(
            'holder_verifier',
            COLUMNS,
            Array.from({ length: 100 }, () => row(6000)),
          ),
        ),
      ).rejects.toMatchObject({ code: t!.engine === 'pg' ? '23505' : 'SQLITE_CONSTRAINT_PRIMARYKEY' });
      await tx.insertMany('holder_verifier', COLUMNS, [row(7000)]);
    });
    expect(await t.count('holder_verifier')).toBe(302);
  });

  // An import's workers are made one at a time as the COPY (or SQLite's loop) takes them.
  it.each([2500, 2])('takes %i rows made one at a time, each asked for once and in order', async (n) => {
    t = await makeTestEnv();
    const asked: number[] = [];
    await t.env.db.write((tx) =>
      tx.insertMany('holder_verifier', COLUMNS, {
        length: n,
        at: (k) => (asked.push(k), [serial(k), `fp${k}`, 'scrypt:x', randomBytes(16), randomBytes(32)]),
      }),
    );
    expect(asked).toEqual(Array.from({ length: n }, (_, k) => k));
    expect(await t.count('holder_verifier')).toBe(n);
    expect(await t.env.db.reader.value(sql`SELECT id_fp FROM holder_verifier WHERE serial = ${serial(n - 1)}`)).toBe(
      `fp${n - 1}`,
    );
  });
});
