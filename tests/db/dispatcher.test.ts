import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import { CHANNEL_NAMES, channels } from '../../shared/contract/channels';
import { handlers } from '../../electron/services';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';
import type { WriteOptions, WriteTx } from '../../electron/db/driver/types';

let t: TestEnv;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(() => t.close());

/** Every table's row count and the database's total change counter: nothing written means all equal. */
async function snapshot() {
  const counts: Record<string, number> = {};
  for (const n of await t.db.tables()) counts[n] = await t.count(n);
  return counts;
}

describe('dispatcher', () => {
  it('has a service for every channel of the contract and names them feature:verb', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
  });

  it('refuses an unknown channel and writes nothing', async () => {
    const before = await snapshot();
    const r = await dispatch(t.env, t.adminToken, 'worker:drop', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: '未知的接口：worker:drop' } });
    for (const odd of [null, 42, '__proto__', 'constructor', 'toString']) {
      const o = await dispatch(t.env, t.adminToken, odd, {});
      expect(o.ok ? null : o.error.code).toBe('UNKNOWN_CHANNEL');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses invalid input with Chinese per-field messages and writes nothing', async () => {
    const clerk = await t.loginAs('clerk');
    const before = await snapshot();
    const r = await dispatch(t.env, clerk, 'worker:create', {
      ...workerInput(),
      idNumber: '530523199001011230',
      phone: '123',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields?.idNumber).toMatch(/^校验位应为 \d/);
    expect(r.error.fields?.phone).toBe('手机号码应为 11 位，当前为 3 位');
    const extra = await dispatch(t.env, clerk, 'worker:create', { ...workerInput(), isAdmin: true });
    expect(extra.ok ? null : extra.error.code).toBe('VALIDATION');
    const wrongType = await dispatch(t.env, clerk, 'worker:search', { q: 5 });
    expect(wrongType.ok ? null : wrongType.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a role that may not call the channel, before looking at the input, and writes nothing', async () => {
    const clerk = await t.loginAs('clerk');
    const reviewer = await t.loginAs('reviewer');
    const inst = await t.loginAs('institutionOperator');
    const before = await snapshot();
    const r = await dispatch(t.env, clerk, 'user:create', {
      username: 'evil',
      displayName: 'x',
      role: 'admin',
      password: 'abc12345',
    });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '当前角色（窗口经办人）无权执行此操作' } });
    const garbage = await dispatch(t.env, clerk, 'settings:update', 'not even an object');
    expect(garbage.ok ? null : garbage.error.code).toBe('FORBIDDEN');
    const w = await dispatch(t.env, reviewer, 'worker:create', workerInput());
    expect(w.ok ? null : w.error.code).toBe('FORBIDDEN');
    const s = await dispatch(t.env, inst, 'worker:search', { q: '' });
    expect(s.ok ? null : s.error.code).toBe('FORBIDDEN');
    const loggedOut = await dispatch(t.env, null, 'worker:search', { q: '' });
    expect(loggedOut.ok ? null : loggedOut.error.code).toBe('UNAUTHENTICATED');
    const forged = await dispatch(t.env, 'not-a-token', 'audit:verify', {});
    expect(forged.ok ? null : forged.error.code).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it('audits every successful change in the same transaction', async () => {
    const clerk = await t.loginAs('clerk');
    const before = await t.count('audit_log');
    const r = await dispatch(t.env, clerk, 'worker:create', workerInput());
    expect(r.ok).toBe(true);
    const row = (await t.db.get('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1')) as Record<string, unknown>;
    expect(await t.count('audit_log')).toBe(before + 1);
    expect(row).toMatchObject({ channel: 'worker:create', action: 'create', entity: 'worker', username: 'clerk1' });
  });

  it('writes nothing, not even an audit row, when a service fails half way', async () => {
    const clerk = await t.loginAs('clerk');
    await dispatch(t.env, clerk, 'worker:create', workerInput());
    const before = await snapshot();
    const dup = await dispatch(t.env, clerk, 'worker:create', workerInput({ name: '李四' }));
    expect(dup.ok ? null : dup.error.code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unexpected failure with a generic Chinese message and no details', async () => {
    const logged: string[] = [];
    // The engine fails the write half-way, after the worker row: its groups go to a table that does not
    // exist. Done by renaming the table in the write rather than dropping it, because on PostgreSQL the
    // app role (the rights the test has) may not drop a table it does not own.
    const db = t.env.db;
    const tx = (real: WriteTx): WriteTx =>
      new Proxy(real, {
        get: (target, p) =>
          p === 'insertMany'
            ? (table: string, columns: readonly string[], rows: readonly unknown[][]) =>
                target.insertMany(table === 'worker_target_group' ? 'worker_target_group_gone' : table, columns, rows)
            : (Reflect.get(target, p) as unknown),
      });
    const failing = new Proxy(db, {
      get: (target, p) =>
        p === 'write'
          ? <T>(fn: (w: WriteTx) => Promise<T>, opts?: WriteOptions) => target.write((w) => fn(tx(w)), opts)
          : (Reflect.get(target, p) as unknown),
    });
    const env = { ...t.env, db: failing, log: (m: string) => logged.push(m) };
    const clerk = await t.loginAs('clerk');
    const r = await dispatch(env, clerk, 'worker:create', workerInput());
    expect(r).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '系统内部错误，操作未完成，数据未改动。请联系系统管理员。' },
    });
    expect(logged).toEqual(['[dispatch] worker:create failed']);
    expect(await t.count('worker')).toBe(0);
  });

  it('locks a session after the idle time and lets only unlock and logout through', async () => {
    const clerk = await t.loginAs('clerk');
    t.clock.advance(11 * 60_000);
    const r = await dispatch(t.env, clerk, 'worker:search', { q: '' });
    expect(r.ok ? null : r.error.code).toBe('LOCKED');
    expect((await t.call(clerk, 'auth:session', {})).ok && (await t.must(clerk, 'auth:session', {})).locked).toBe(true);
    const bad = await t.call(clerk, 'auth:unlock', { password: 'wrong' });
    expect(bad.ok ? null : bad.error.message).toBe('密码错误');
    await t.must(clerk, 'auth:unlock', { password: 'Passw0rd!' });
    expect((await t.call(clerk, 'worker:search', { q: '' })).ok).toBe(true);
  });

  it('has a zod schema and an access rule for every channel', () => {
    for (const name of CHANNEL_NAMES) {
      const def = channels[name];
      expect(typeof def.input.safeParse).toBe('function');
      expect(def.access === 'public' || def.access === 'user' || Array.isArray(def.access)).toBe(true);
    }
  });
});
