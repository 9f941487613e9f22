// Many windows on one database (issue 14 §3): two clerks registering the same person at the same
// moment, one succeeds and the other is told whom and by whom; on PostgreSQL the writers queue on one
// lock, on SQLite on the write queue, so neither sees a BUSY.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';
import { passwordChosen } from '../fixtures/passwordChosen';

let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

describe('two windows at once', () => {
  it('registers a person once; the other window is told who registered them', async () => {
    await t.must(t.adminToken, 'user:create', {
      username: 'window1',
      displayName: '一号窗口李芳',
      role: 'clerk',
      institutionId: null,
      password: 'Passw0rd!',
    });
    await passwordChosen(t.db, 'window1');
    const one = await t.loginAs('clerk', 'window1');
    const two = await t.loginAs('clerk', 'window2');
    for (let seq = 200; seq < 210; seq++) {
      const input = workerInput({ seq, name: '杨春华' });
      const [a, b] = await Promise.all([t.call(one, 'worker:create', input), t.call(two, 'worker:create', input)]);
      const results = [a, b];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const refused = results.find((r) => !r.ok)!;
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe('CONFLICT');
      const winner = a.ok ? '一号窗口李芳' : 'window2';
      expect(refused.error.message).toMatch(
        new RegExp(`已登记（姓名：杨春华，由 ${winner} 于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 登记）`),
      );
    }
    expect(await t.count('worker')).toBe(10);
  });
});

describe('what the server remembers for retries', () => {
  it('replays a retried write for a day, then the hourly housekeeping forgets the key', async () => {
    const { dispatch } = await import('../../electron/core/dispatcher');
    const { runHousekeeping } = await import('../../electron/services/housekeeping');
    const clerk = await t.loginAs('clerk');
    const from = { address: '10.1.2.3', kind: 'browser' as const, idempotencyKey: 'window-1-request-0001' };
    const first = await dispatch(t.env, clerk, 'worker:create', workerInput({ seq: 301 }), from);
    expect(first.ok).toBe(true);
    expect(await dispatch(t.env, clerk, 'worker:create', workerInput({ seq: 301 }), from)).toEqual(first);
    await runHousekeeping(t.env);
    expect(await t.count('idempotency_key')).toBe(1);
    t.clock.advance(25 * 3_600_000);
    await runHousekeeping(t.env);
    expect(await t.count('idempotency_key')).toBe(0);
  });
});
