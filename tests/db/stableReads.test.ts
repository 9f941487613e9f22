// The catalogue's reads kept between write transactions on PostgreSQL (migration 026,
// electron/db/driver/stableReads.ts): answered from memory while the stamp read under the lock is the
// one they were read under, and never once anything wrote to a stamped table, whoever wrote it (the
// app, or a person at psql without the app's lock). The stamp itself is checked on both engines.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { STAMPED_TABLES } from '../../electron/db/driver/stableReads';
import type { WriteTx } from '../../electron/db/driver/types';
import { sql } from '../../electron/db/sql';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { TEST_ENGINE_ENV } from '../fixtures/testStore';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const onPg = process.env[TEST_ENGINE_ENV] === 'pg';
const stamp = async (env: TestEnv) => String(await env.db.value('SELECT stamp FROM ref_stamp WHERE id = 1'));

/** The statements every pooled connection sends while `fn` runs. */
async function sent(fn: () => Promise<void>): Promise<string[]> {
  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const q = a[0] as string | { text: string };
    texts.push(typeof q === 'string' ? q : q.text);
    return (original as (...x: unknown[]) => unknown).apply(this, a);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return texts;
}

const institutionStatus = sql`SELECT status FROM institution WHERE code = ${'JG001'}`;

describe('the stamp of the reference tables', () => {
  it('changes with every insert, update and delete of a stamped table, and with no other write', async () => {
    t = await makeTestEnv();
    const s0 = await stamp(t);
    expect(s0).toMatch(/^[0-9a-f]{32}$/);
    await t.db.run("INSERT INTO setting (key, value) VALUES ('stamp.test', '1')");
    const s1 = await stamp(t);
    await t.db.run("UPDATE setting SET value = '2' WHERE key = 'stamp.test'");
    const s2 = await stamp(t);
    await t.db.run("DELETE FROM setting WHERE key = 'stamp.test'");
    const s3 = await stamp(t);
    expect(new Set([s0, s1, s2, s3]).size).toBe(4);
    await t.db.run("INSERT INTO institution (code, name) VALUES ('JG009', '龙陵县某培训学校')");
    const s4 = await stamp(t);
    expect(s4).not.toBe(s3);
    // An account, its login and their audit rows are not catalogue: the stamp stays, and so may the kept reads.
    await t.loginAs('reviewer');
    expect(await stamp(t)).toBe(s4);
  });

  it('has its three triggers on every table the driver keeps reads of', async () => {
    t = await makeTestEnv();
    const names = new Set(
      await t.db.column<string>(
        t.engine === 'sqlite'
          ? "SELECT name FROM sqlite_schema WHERE type = 'trigger'"
          : 'SELECT tgname FROM pg_trigger WHERE NOT tgisinternal',
      ),
    );
    for (const table of STAMPED_TABLES) {
      for (const e of ['insert', 'update', 'delete'])
        expect(names, `${table}_stamp_${e}`).toContain(`${table}_stamp_${e}`);
    }
  });
});

describe.skipIf(!onPg)('reads kept between write transactions (PostgreSQL)', () => {
  it('answers a catalogue read again from memory, and a read of other tables from the database', async () => {
    t = await makeTestEnv();
    await t.db.run("INSERT INTO institution (code, name) VALUES ('JG001', '龙陵县职业技能培训学校')");
    const read = () =>
      t!.env.db.write(async (tx) => {
        await tx.get(institutionStatus);
        await tx.value(sql`SELECT count(*) FROM worker`);
      });
    await read();
    const texts = await sent(read);
    expect(texts.filter((x) => x.includes('FROM institution'))).toHaveLength(0);
    expect(texts.filter((x) => x.includes('FROM worker'))).toHaveLength(1);
    expect(texts.some((x) => x.includes('SELECT stamp FROM ref_stamp'))).toBe(true);
  });

  it('sees a change made through the app, or at psql without the lock, in the next transaction', async () => {
    t = await makeTestEnv();
    await t.db.run("INSERT INTO institution (code, name) VALUES ('JG001', '龙陵县职业技能培训学校')");
    const status = () => t!.env.db.write((tx) => tx.value<string>(institutionStatus));
    expect(await status()).toBe('active');
    await t.db.run("UPDATE institution SET status = 'suspended' WHERE code = 'JG001'");
    expect(await status()).toBe('suspended');
    // As a person at psql would: no lock, no app; the trigger still replaces the stamp.
    await t.env.db.exec(sql`UPDATE institution SET status = 'active' WHERE code = 'JG001'`);
    expect(await status()).toBe('active');
  });

  it('keeps nothing a transaction read after its own write, nor what a rolled-back write showed', async () => {
    t = await makeTestEnv();
    await t.db.run("INSERT INTO institution (code, name) VALUES ('JG001', '龙陵县职业技能培训学校')");
    await expect(
      t.env.db.write(async (tx) => {
        await tx.run(sql`UPDATE institution SET status = 'suspended' WHERE code = 'JG001'`);
        expect(await tx.value(institutionStatus)).toBe('suspended');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.env.db.write((tx) => tx.value<string>(institutionStatus))).toBe('active');
    // Read, then written, then read again within one transaction: the second read is the database's.
    const seen = await t.env.db.write(async (tx) => {
      const before = await tx.value<string>(institutionStatus);
      await tx.run(sql`INSERT INTO setting (key, value) VALUES ('stamp.test', '1')`);
      await tx.run(sql`UPDATE institution SET status = 'suspended' WHERE code = 'JG001'`);
      return [before, await tx.value<string>(institutionStatus)];
    });
    expect(seen).toEqual(['active', 'suspended']);
    expect(await t.env.db.write((tx) => tx.value<string>(institutionStatus))).toBe('suspended');
  });
});

describe('what a shared writer may not write (WriteOptions.shared)', () => {
  it('refuses a shared write that writes a stamped table, before it reaches the database, on either engine', async () => {
    t = await makeTestEnv();
    const s0 = await stamp(t);
    const shared = { shared: true };
    const writes: [string, (tx: WriteTx) => Promise<unknown>][] = [
      ['setting', (tx) => tx.run(sql`UPDATE setting SET value = '9' WHERE key = 'idleLockMinutes'`)],
      ['institution', (tx) => tx.all(sql`INSERT INTO institution (code, name) VALUES ('JG009', '某校') RETURNING id`)],
      ['occupation', (tx) => tx.insertMany('occupation', ['code', 'name', 'category'], [['X-1', '某工种', '其他']])],
      ['plan', (tx) => tx.run(sql`WITH x AS (DELETE FROM "plan" WHERE id = 0 RETURNING id) SELECT count(*) FROM x`)],
    ];
    for (const [table, write] of writes) {
      await expect(t.env.db.write(write, shared), table).rejects.toThrow(`may not write the stamped table ${table}`);
    }
    // Nothing of it was written: the stamp, which every such write replaces, is the same.
    expect(await stamp(t)).toBe(s0);
    // A shared write of other tables goes through, and mentioning a stamped table is not writing it.
    const n = await t.env.db.write(
      async (tx) => (
        await tx.run(
          sql`INSERT INTO voucher_hold (serial, held_at, failures) VALUES ('UPDATE setting x1234', '2026-01-01', 1)`,
        ),
        tx.value<number>(sql`SELECT count(*) FROM setting s JOIN voucher_hold h ON h.serial <> s.key`)
      ),
      shared,
    );
    expect(Number(n)).toBeGreaterThan(0);
    // The same stamped write, exclusive, is an ordinary write.
    await t.env.db.write((tx) => tx.run(sql`UPDATE setting SET value = '9' WHERE key = 'idleLockMinutes'`));
    expect(await stamp(t)).not.toBe(s0);
  });
});
