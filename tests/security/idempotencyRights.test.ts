// A write retried with its Idempotency-Key after the caller's rights changed: the stored answer is
// not handed back to a role that may no longer call the channel, nor to a clerk since moved to other
// townships (it may be about a worker they no longer serve), and nothing is done again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import { PASSWORD, workerInput } from '../fixtures/env';
import { LONGSHAN, makeTownshipEnv, ZHENAN, type TownshipEnv } from '../fixtures/township';
import { makeId } from '../fixtures/ids';
import { passwordChosen } from '../fixtures/passwordChosen';

let t: TownshipEnv;
beforeEach(async () => {
  t = await makeTownshipEnv();
});
afterEach(() => t.close());

describe('an idempotent retry after rights were reduced', () => {
  it('is refused once the role may no longer write, and the write is not repeated', async () => {
    await t.must(t.adminToken, 'user:create', {
      username: 'clerk9',
      displayName: '窗口九',
      role: 'clerk',
      password: PASSWORD,
    });
    await passwordChosen(t.db, 'clerk9');
    const token = (await t.must(null, 'auth:login', { username: 'clerk9', password: PASSWORD })).token;
    const id = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk9'")) as number;
    const from = { address: '10.1.2.3', kind: 'browser' as const, idempotencyKey: 'retry-after-demotion-0001' };
    const input = workerInput({ seq: 311 });
    expect((await dispatch(t.env, token, 'worker:create', input, from)).ok).toBe(true);
    await t.must(t.adminToken, 'user:update', {
      id,
      displayName: '窗口九',
      role: 'reviewer',
      institutionId: null,
      townships: [],
    });
    const again = await t.must(null, 'auth:login', { username: 'clerk9', password: PASSWORD }).catch(() => null);
    for (const tok of [token, again?.token]) {
      if (!tok) continue;
      const r = await dispatch(t.env, tok, 'worker:create', input, from);
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain(input.idNumber);
    }
    expect(Number(await t.db.value('SELECT count(*) FROM worker WHERE id_number = ?', input.idNumber))).toBe(1);
  });

  it('is not handed the first answer after the clerk was moved to another township, nor done twice', async () => {
    const from = { address: '10.1.2.3', kind: 'browser' as const, idempotencyKey: 'retry-after-rebinding-0001' };
    const input = workerInput({
      seq: 312,
      name: '镇安丙',
      idNumber: makeId('530523', '19900312', 312),
      townshipCode: ZHENAN,
    });
    const first = await dispatch(t.env, t.station, 'worker:create', input, from);
    expect(first).toMatchObject({ ok: true, value: { name: '镇安丙' } });
    // While still bound to 镇安镇, the retry gets the first answer and nothing is done again.
    expect(await dispatch(t.env, t.station, 'worker:create', input, from)).toEqual(first);
    await t.bind([LONGSHAN]);
    const retry = await dispatch(t.env, t.station, 'worker:create', input, from);
    expect(retry.ok).toBe(false);
    expect(JSON.stringify(retry)).not.toContain(input.idNumber);
    expect(JSON.stringify(retry)).not.toContain('镇安丙');
    expect(Number(await t.db.value('SELECT count(*) FROM worker WHERE id_number = ?', input.idNumber))).toBe(1);
  });

  it('keeps the key of a job still running, so that a retry during it does not start the job again', async () => {
    const station = t.stationId;
    const at = '2026-12-06T00:00:00.000Z';
    await t.db.run(
      "INSERT INTO idempotency_key (user_id, key, channel, state, result_json, at) VALUES (?, 'job-still-running-0001', 'voucher:issueBatch', 'pending', NULL, ?), (?, 'form-answered-00001', 'worker:create', 'done', '{}', ?)",
      station,
      at,
      station,
      at,
    );
    await t.bind([LONGSHAN]);
    expect(await t.db.all('SELECT key, state FROM idempotency_key WHERE user_id = ? ORDER BY key', station)).toEqual([
      { key: 'job-still-running-0001', state: 'pending' },
    ]);
  });
});
