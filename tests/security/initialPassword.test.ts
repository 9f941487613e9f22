// An account whose password an admin set (a new account, a reset): the admin knows that password,
// so until its user chose one, a session opened with it may only change it, on every transport —
// not just on the screen that asks first. Found when a red-team pass called the API directly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../electron/host/server';
import { makeTestEnv, PASSWORD, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let host: Host | null = null;
beforeEach(async () => {
  t = await makeTestEnv();
});
afterEach(async () => {
  await host?.stop(1000);
  host = null;
  await t.close();
});

async function newClerk(username: string): Promise<string> {
  await t.must(t.adminToken, 'user:create', { username, displayName: '新窗口', role: 'clerk', password: PASSWORD });
  return (await t.must(null, 'auth:login', { username, password: PASSWORD })).token;
}

describe('a password an admin set', () => {
  it('opens a session that may only change it, until the user has', async () => {
    const token = await newClerk('clerk7');
    for (const [channel, input] of [
      ['worker:search', { q: '' }],
      ['worker:create', workerInput({ seq: 501 })],
      ['stats:overview', {}],
    ] as const) {
      const r = await t.call(token, channel, input);
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(r.ok ? '' : r.error.message).toContain('请先修改初始密码');
    }
    expect(await t.count('worker')).toBe(0);
    // The session itself still says who is logged in and that a new password is due.
    expect(await t.must(token, 'auth:session', {})).toMatchObject({ mustChangePassword: true });

    await t.must(token, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Mine12345' });
    expect((await t.call(token, 'worker:search', { q: '' })).ok).toBe(true);
  });

  it('is held to the same rule after a reset, and over HTTP as well', async () => {
    const token = await newClerk('clerk8');
    await t.must(token, 'auth:changePassword', { oldPassword: PASSWORD, newPassword: 'Mine12345' });
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk8'")) as number;
    await t.must(t.adminToken, 'user:resetPassword', { id, newPassword: 'Reset1234' });
    const reset = (await t.must(null, 'auth:login', { username: 'clerk8', password: 'Reset1234' })).token;

    host = await startHost(t.env, { port: 0, staticDir: t.dir });
    const r = await fetch(`${host.url}/api/worker:search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Session-Token': reset },
      body: JSON.stringify({ q: '' }),
    });
    const body = (await r.json()) as { ok: boolean; error?: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(body.error!.message).toContain('请先修改初始密码');
  });
});
