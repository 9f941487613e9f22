// Session changes made by a write channel (a login's new session, 强制下线, a password change) belong
// to its transaction: they commit with its audit rows, not at all when it fails, and once when
// PostgreSQL runs it a second time after a deadlock. Before, they were written beside it: a rerun
// login left an orphan session, and a rerun 强制下线 found its session already ended and failed
// after having ended it, with no audit row.
import { afterEach, describe, expect, it } from 'vitest';
import { DbSessionStore } from '../../electron/core/sharedStores';
import { sql } from '../../electron/db/sql';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';
import { testEngine } from '../fixtures/testStore';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const user = {
  id: 1,
  username: 'admin',
  displayName: '管理员',
  role: 'admin' as const,
  institutionId: null,
  townships: [],
};

describe('session changes in a write transaction', () => {
  it('are undone with a transaction that fails, and kept with one that commits', async () => {
    t = await makeTestEnv();
    const store = new DbSessionStore(t.env.db);
    const before = await t.count('app_session');
    await expect(
      t.env.db.write(async (tx) => {
        await store.within(tx).create(user, Date.now());
        throw new Error('the channel failed after the login was made');
      }),
    ).rejects.toThrow(/channel failed/);
    expect(await t.count('app_session')).toBe(before);

    const s = await t.env.db.write((tx) => store.within(tx).create(user, Date.now()));
    expect(await t.count('app_session')).toBe(before + 1);
    // The session made inside the transaction is the one the database store then finds by its token.
    expect((await store.peek(s.token))?.id).toBe(s.id);
    await t.env.db.write((tx) => store.within(tx).endById(s.id, '测试'));
    expect(await store.peek(s.token)).toBeNull();
  });
});

describe.skipIf(testEngine() !== 'pg')('a write channel whose transaction PostgreSQL runs again', () => {
  /** The next write transaction's first attempt ends as a deadlock would, after all its work. */
  function deadlockOnce(env: TestEnv['env']) {
    const db = env.db;
    const write = db.write.bind(db);
    const state = { armed: false, aborted: 0 };
    (db as { write: typeof db.write }).write = (fn, opts) =>
      write(async (tx) => {
        const out = await fn(tx);
        if (state.armed) {
          state.armed = false;
          state.aborted++;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        }
        return out;
      }, opts);
    return state;
  }

  it('logs in once: one session, one audit row, a token that works', async () => {
    t = await makeTestEnv();
    await t.loginAs('clerk');
    const state = deadlockOnce(t.env);
    const sessions = async () =>
      Number(await t!.db.value("SELECT count(*) FROM app_session WHERE username = 'clerk1' AND ended_at IS NULL"));
    const logins = async () =>
      Number(await t!.db.value("SELECT count(*) FROM audit_log WHERE channel = 'auth:login' AND action = 'login'"));
    const [s0, a0] = [await sessions(), await logins()];
    state.armed = true;
    const r = await t.must(null, 'auth:login', { username: 'clerk1', password: PASSWORD });
    expect(state.aborted).toBe(1);
    expect(await sessions()).toBe(s0 + 1);
    expect(await logins()).toBe(a0 + 1);
    expect((await t.call(r.token, 'settings:get', {})).ok).toBe(true);
  });

  it('ends a session (强制下线) once, answers ok and audits it', async () => {
    t = await makeTestEnv();
    const clerk = await t.loginAs('clerk');
    const id = String(
      await t.env.db.reader.value(
        sql`SELECT id FROM app_session WHERE username = 'clerk1' AND ended_at IS NULL ORDER BY started_at DESC`,
      ),
    );
    const state = deadlockOnce(t.env);
    state.armed = true;
    const r = await t.call(t.adminToken, 'session:end', { id });
    expect(state.aborted).toBe(1);
    expect(r).toEqual({ ok: true, value: null });
    expect(
      Number(
        await t.db.value("SELECT count(*) FROM audit_log WHERE channel = 'session:end' AND action = 'endSession'"),
      ),
    ).toBe(1);
    const after = await t.call(clerk, 'settings:get', {});
    expect(after.ok).toBe(false);
  });
});
