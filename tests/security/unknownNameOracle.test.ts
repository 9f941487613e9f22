// The login lockout counts wrong passwords for a name no account has like a real account's, so that
// its answers do not tell which names exist (found by a red-team). Two ways they used to tell:
// - The count of an unknown name was keyed by JavaScript's toLowerCase(), while accounts are found
//   with the database's lower() (ASCII only on SQLite, and on PostgreSQL under the C locale): "clerk1"
//   spelled with U+212A KELVIN SIGN was one name to the count and no account to the lookup, so after
//   locking a name, its Kelvin spelling answered differently for a real and an unknown name.
// - The count of an unknown name lived in each server process's memory, a real account's in the
//   database: five wrong passwords spread over two processes locked one and not the other.
// Both are now counted in the database (migration 019), under the name as the database folds it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { testEngine } from '../fixtures/testStore';

const LOCKED = '密码连续输错 5 次，账号已锁定，请 5 分钟后再试';
const KELVIN = '\u212a';
let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? 'ok' : r.error!.message);

async function lockThenProbe(name: string): Promise<string> {
  for (let i = 0; i < 5; i++) await t.call(null, 'auth:login', { username: name, password: `wrong-${i}` });
  expect(message(await t.call(null, 'auth:login', { username: name, password: 'wrong' }))).toBe(LOCKED);
  // The same name with its k spelled as U+212A KELVIN SIGN.
  return message(await t.call(null, 'auth:login', { username: name.replace('k', KELVIN), password: 'wrong' }));
}

describe('the unknown-username lockout folds case as the account lookup does', () => {
  it('answers the Kelvin spelling of a locked real name and of a locked unknown name alike', async () => {
    await t.loginAs('clerk'); // clerk1 exists
    const unknown = await lockThenProbe('ghostk1'); // no such account
    const real = await lockThenProbe('clerk1');
    // The same answer whether or not the name exists (it was LOCKED for the unknown one only).
    expect(real).toBe(unknown);
    // What is kept of a typed name (people type their password there by mistake) is a keyed fingerprint.
    const kept = await t.db.all<{ name_fp: string }>('SELECT name_fp FROM login_unknown');
    expect(kept.length).toBeGreaterThan(0);
    for (const r of kept) expect(r.name_fp).toMatch(/^[0-9a-f]{16}$/);
  });
});

// The county server on PostgreSQL may run several processes behind one address (README, issue 15).
// A real account's failures are counted in the database, shared by all; an unknown name's in each
// process's memory. Five wrong passwords spread over two processes lock a real account but not an
// unknown name: the sixth attempt tells which names exist.
describe('the unknown-username lockout over time', () => {
  const wrong = async (username: string) => message(await t.call(null, 'auth:login', { username, password: 'nope' }));

  // Counts of unknown names were forgotten after 30 idle days, a real account's never: four wrong
  // passwords, a month's wait, then two more told a dormant real account (locked) from an unknown
  // name (found by a review).
  it('answers a dormant real name and an unknown name alike after a month', async () => {
    await t.loginAs('clerk');
    for (let i = 0; i < 4; i++) {
      await wrong('clerk1');
      await wrong('ghost1');
    }
    t.clock.advance(31 * 86_400_000);
    await wrong('anything-else');
    expect(await wrong('clerk1')).toBe(await wrong('ghost1'));
    const real = await wrong('clerk1');
    expect(real).toBe(LOCKED);
    expect(await wrong('ghost1')).toBe(real);
  });
});

describe.skipIf(testEngine() !== 'pg')('the unknown-username lockout across server processes', () => {
  it('locks an unknown name after five wrong passwords spread over two processes, as a real one', async () => {
    await t.loginAs('clerk');
    const other = await createEnv(t.file, { clock: t.clock });
    try {
      const processes = [t.env, other];
      const attempt = (k: number, username: string) =>
        dispatch(processes[k % 2]!, null, 'auth:login', { username, password: `wrong-${k}` });
      const sixth = async (username: string) => {
        for (let k = 0; k < 5; k++) await attempt(k, username);
        return message(await attempt(5, username));
      };
      const real = await sixth('clerk1');
      const unknown = await sixth('ghost1');
      expect(real).toBe(LOCKED);
      // It answered 用户名或密码错误 (three attempts on one process, two on the other).
      expect(unknown).toBe(real);
    } finally {
      await other.db.close();
    }
  });
});
