// A connection lost in the middle of a write or a read (the server restarted, an administrator ended
// the backend): the call fails, the process goes on, the broken connection is not handed out again,
// and the next calls work. pg-pool stops listening for a checked-out client's errors, so without a
// listener of the driver's own the lost connection ended the process as an uncaught 'error'.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../electron/db/sql';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { testEngine } from '../fixtures/testStore';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const endOwnBackend = sql`SELECT pg_terminate_backend(pg_backend_pid())`;

describe.skipIf(testEngine() !== 'pg')('a PostgreSQL connection lost mid-call', () => {
  it('fails that write or read alone', async () => {
    t = await makeTestEnv();
    const db = t.env.db;
    for (let i = 0; i < 3; i++) {
      await expect(db.write((tx) => tx.run(endOwnBackend))).rejects.toThrow(/terminat/);
      await expect(db.read((r) => r.all(endOwnBackend))).rejects.toThrow(/terminat/);
      const iterated = (async () => {
        for await (const row of db.reader.iterate(endOwnBackend)) return row;
      })();
      await expect(iterated).rejects.toThrow(/terminat/);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const users = await db.write((tx) => tx.value<number>(sql`SELECT count(*) FROM app_user`));
    expect(users).toBeGreaterThan(0);
    expect(await db.read((r) => r.value<number>(sql`SELECT 1`))).toBe(1);
  });
});
