// A password's scrypt (about 50 ms) is done before the channel's write transaction, on libuv's thread
// pool: inside it, it held the writers' lock (on the county server every other write waited, and
// wrong passwords from many addresses slowed them all) and, as scryptSync, the event loop.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Which of two calls answered first, the first started first. */
async function firstToAnswer(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const first = a().then(() => order.push('first'));
  const second = b().then(() => order.push('second'));
  await Promise.all([first, second]);
  return order;
}

describe('password work before the write transaction', () => {
  it('lets a write started just after a login finish first', async () => {
    t = await makeTestEnv();
    const env = t;
    const clerk = await env.loginAs('clerk');
    let seq = 1;
    for (const password of [PASSWORD, 'wrong-password-1']) {
      const order = await firstToAnswer(
        () => env.call(null, 'auth:login', { username: 'admin', password }),
        () => env.must(clerk, 'worker:create', workerInput({ seq: seq++ })),
      );
      expect(order).toEqual(['second', 'first']);
    }
    // The wrong password still counted, in the login's own transaction.
    const row = await env.db.get<{ failed_logins: number }>(
      `SELECT failed_logins FROM app_user WHERE username = 'admin'`,
    );
    expect(row?.failed_logins).toBe(1);
  });

  it('lets a write started just after a change of password finish first, and the new password works', async () => {
    t = await makeTestEnv();
    const env = t;
    const clerk = await env.loginAs('clerk');
    const order = await firstToAnswer(
      () => env.must(env.adminToken, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Another-Pass-42' }),
      () => env.must(clerk, 'worker:create', workerInput({ seq: 7 })),
    );
    expect(order).toEqual(['second', 'first']);
    expect((await env.call(null, 'auth:login', { username: 'admin', password: 'Another-Pass-42' })).ok).toBe(true);
    const old = await env.call(null, 'auth:login', { username: 'admin', password: PASSWORD });
    expect(old.ok ? null : old.error.message).toBe('用户名或密码错误');
  });
});
