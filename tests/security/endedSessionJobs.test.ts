// A session ended while one of its jobs is under way (a red-team's finding): the dispatcher's own
// write transaction looked its session up again, but channels that run as jobs (voucher:issue,
// voucher:reissue, voucher:issueBatch, import:workers, import:history) write through the job runner
// (runWrite), which did not. A voucher (or a whole batch) under way when the admin ended the clerk's
// session or disabled the account still committed under the clerk's name. runWrite now checks too.
import { afterEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * Holds the next `skip`+1-th call of keyring.signer until `release` is called: the issuing job is then
 * past its session check and its eligibility, before its write transaction.
 */
function gateSigner(env: VoucherEnv, skip = 0) {
  const keyring = env.env.keyring as unknown as { signer: (...a: unknown[]) => Promise<unknown> };
  const orig = keyring.signer.bind(keyring);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const atGate = new Promise<void>((r) => (reached = r));
  let n = 0;
  keyring.signer = async (...a: unknown[]) => {
    if (n++ === skip) {
      reached();
      await gate;
    }
    return orig(...a);
  };
  return { release, atGate };
}

describe('a job-channel write whose session ends while it is under way', () => {
  it('voucher:issue is refused when an admin ends the session (强制下线) before its transaction', async () => {
    t = await makeVoucherEnv();
    const env = t;
    const workerId = await env.newWorker();
    const id = (await env.must(env.adminToken, 'session:list', {})).find((s) => s.username === 'clerk1')!.id;
    const g = gateSigner(env);
    const issuing = env.call(env.clerk, 'voucher:issue', { workerId, ...env.terms() });
    await g.atGate;
    await env.must(env.adminToken, 'session:end', { id });
    g.release();
    const r = await issuing;
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('此项操作未执行') },
    });
    expect(await env.count('voucher')).toBe(0);
  });

  it('voucher:issue is refused when an admin disables the account before its transaction', async () => {
    t = await makeVoucherEnv();
    const env = t;
    const workerId = await env.newWorker();
    const userId = Number(await env.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    const g = gateSigner(env);
    const issuing = env.call(env.clerk, 'voucher:issue', { workerId, ...env.terms() });
    await g.atGate;
    await env.must(env.adminToken, 'user:setDisabled', { id: userId, disabled: true });
    g.release();
    const r = await issuing;
    expect(r.ok).toBe(false);
    expect(await env.count('voucher')).toBe(0);
  });

  it('voucher:issueBatch started before the account was disabled writes nothing after', async () => {
    t = await makeVoucherEnv();
    const env = t;
    const workerIds = [await env.newWorker(), await env.newWorker(), await env.newWorker()];
    const userId = Number(await env.db.value("SELECT id FROM app_user WHERE username = 'clerk1'"));
    // The handler asks for the signer once before the job starts, the job again before writing.
    const g = gateSigner(env, 1);
    const job = await env.must(env.clerk, 'voucher:issueBatch', { selection: { workerIds }, ...env.terms() });
    await g.atGate;
    await env.must(env.adminToken, 'user:setDisabled', { id: userId, disabled: true });
    g.release();
    const done = await env.env.jobs.wait((job as { id: string }).id, userId);
    expect(done.state).toBe('failed');
    expect(await env.count('voucher')).toBe(0);
  });
});
