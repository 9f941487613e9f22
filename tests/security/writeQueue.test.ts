// Anyone who can reach the county server's login could stop it for good: on PostgreSQL each write
// transaction held a pool connection while waiting for the writers' lock, so eleven logins at once
// (right or wrong) took all ten connections waiting, and the one holding the lock could never get
// another for what it writes outside its transaction (the session, the failed-attempt counter).
// Writers of one process now queue before taking a connection. Runs on both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, type TestEnv } from '../fixtures/env';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The promise, or a failure once `ms` have passed: a hang must fail the test, not the suite. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ]);

describe('many writes at once', () => {
  it('answers 20 simultaneous logins of nobody, then 25 of the admin, each with its own working session', async () => {
    t = await makeTestEnv();
    const wrong = await within(
      Promise.all(
        Array.from({ length: 20 }, (_, i) => t!.call(null, 'auth:login', { username: `nobody${i}`, password: 'x' })),
      ),
      20_000,
    );
    expect(wrong.every((r) => !r.ok && r.error.code !== 'INTERNAL')).toBe(true);
    const logins = await within(
      Promise.all(
        Array.from({ length: 25 }, () => t!.call(null, 'auth:login', { username: 'admin', password: PASSWORD })),
      ),
      20_000,
    );
    expect(logins.every((r) => r.ok)).toBe(true);
    const tokens = logins.map((r) => (r.ok ? (r.value as { token: string }).token : ''));
    expect(new Set(tokens).size).toBe(25);
    const sessions = await within(Promise.all(tokens.map((token) => t!.call(token, 'auth:session', {}))), 20_000);
    expect(sessions.every((r) => r.ok && (r.value as { user: unknown } | null)?.user)).toBe(true);
  }, 60_000);
});
