// Redemptions run beside each other on PostgreSQL (WriteOptions.shared): the writers' lock taken
// shared, the voucher and its holder locked before their records are read, the audit head locked
// before the append. What that must keep, with two server processes and 20 clients: wrong ID numbers
// typed at once for one voucher counted one by one and held once, redemptions and revocations of the
// same vouchers at once put in one order, the same request sent twenty times at once (one
// Idempotency-Key) answered with the one redemption; and in the driver, shared writers overlapping
// each other but never an exclusive one. Skips with a one-line reason without PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { verifyAuditChain } from '../../electron/services/audit/chain';
import { HOLD_AFTER } from '../../electron/services/voucher/holder';
import { sql } from '../../electron/db/sql';
import { makeId } from '../fixtures/ids';
import { pgAvailable } from '../fixtures/pgCluster';
import { race, raceEnv, spread } from '../fixtures/pgRace';
import type { Outcome } from '../fixtures/pgRaceClient';
import { TEST_ENGINE_ENV } from '../fixtures/testStore';
import type { VoucherEnv } from '../fixtures/vouchers';

process.env[TEST_ENGINE_ENV] = 'pg';
const available = pgAvailable();

let t: VoucherEnv;
let op: string;
let idSeq = 300;

async function issued(n: number) {
  const out: { id: number; serial: string; qrText: string; idNumber: string }[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeId('530523', '19840505', idSeq++);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    out.push({ id: v.id, serial: v.serial, qrText: v.qrText!, idNumber });
  }
  return out;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** `p`, or a failure with `message` after 10 s (what a broken lock would leave waiting for ever). */
async function within(p: Promise<void>, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), 10_000)));
  try {
    await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const values = (os: Outcome[][]) =>
  os.flat().map((o) => {
    if (!o.ok) throw new Error(`${o.code} ${o.message}`);
    return o.value as { ok: boolean; reason: string; serial: string };
  });

async function chainVerifies() {
  expect(await verifyAuditChain(t.env.db.reader, { secrets: t.env.secrets })).toMatchObject({
    ok: true,
    keyChecked: true,
  });
}

describe.skipIf(!available.ok)(
  `PostgreSQL: redemptions beside each other${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    beforeAll(async () => ({ t, op } = await raceEnv()), 120_000);
    afterAll(() => t?.close());

    it('counts wrong ID numbers typed at once for one voucher one by one, and holds it once', async () => {
      const [v] = await issued(1);
      const wrong = (c: number) => makeId('530523', '19900101', 700 + c);
      const results = values(
        await race(
          t,
          spread((c) => [{ token: op, channel: 'redeem:confirm', input: { text: v!.qrText, idNumber: wrong(c) } }]),
        ),
      );
      expect(results.filter((r) => r.ok)).toEqual([]);
      expect(results.filter((r) => r.reason === 'holder_mismatch')).toHaveLength(HOLD_AFTER);
      expect(results.filter((r) => r.reason === 'held')).toHaveLength(results.length - HOLD_AFTER);
      // Each attempt counted the ones committed before it: 1, 2, … 5, never the same count twice.
      const counts = (await t.db.all(
        "SELECT after_json FROM audit_log WHERE action = 'holderMismatch' AND entity_id = ? ORDER BY id",
        String(v!.id),
      )) as { after_json: string }[];
      expect(counts.map((c) => (JSON.parse(c.after_json) as { failures: number }).failures)).toEqual(
        Array.from({ length: HOLD_AFTER }, (_, i) => i + 1),
      );
      expect(await t.db.value('SELECT count(*) FROM voucher_hold WHERE serial = ?', v!.serial)).toBe(1);
      expect(await t.db.value('SELECT count(*) FROM holder_check_failure WHERE serial = ?', v!.serial)).toBe(
        HOLD_AFTER,
      );
      await chainVerifies();
    }, 180_000);

    it('orders a redemption and a revocation of the same voucher at once, one after the other', async () => {
      // A redeemed voucher may still be revoked (fraud found later): either the redemption came first
      // and the revocation followed it, or the revocation came first and the redemption was refused.
      const vouchers = await issued(10);
      const [redeeming, revoking] = await race(t, [
        vouchers.map((v) => [
          { token: op, channel: 'redeem:confirm', input: { text: v.qrText, idNumber: v.idNumber } },
        ]),
        vouchers.map((v) => [
          { token: t.reviewer, channel: 'voucher:revoke', input: { id: v.id, reason: '录入错误' } },
        ]),
      ]).then((os) => [values(os.slice(0, 10)), os.slice(10).flat()]);
      expect(revoking!.filter((o) => !o.ok)).toEqual([]);
      for (const [i, v] of vouchers.entries()) {
        const redeemed = (redeeming![i] as { ok: boolean }).ok;
        if (!redeemed) expect((redeeming![i] as { reason: string }).reason).toBe('revoked');
        const events = (await t.db.all(
          "SELECT from_status, to_status FROM voucher_event WHERE voucher_id = ? AND to_status IN ('redeemed', 'revoked') ORDER BY id",
          v.id,
        )) as { from_status: string; to_status: string }[];
        expect(events.map((e) => `${e.from_status}>${e.to_status}`)).toEqual(
          redeemed ? ['issued>redeemed', 'redeemed>revoked'] : ['issued>revoked'],
        );
        expect(await t.db.value('SELECT status FROM voucher WHERE id = ?', v.id)).toBe('revoked');
        expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v.serial)).toBe(redeemed ? 1 : 0);
      }
      await chainVerifies();
    }, 180_000);

    it('answers the same request sent twenty times at once with its one redemption', async () => {
      const [v] = await issued(1);
      const call = {
        token: op,
        channel: 'redeem:confirm',
        input: { text: v!.qrText, idNumber: v!.idNumber },
        idempotencyKey: 'same-request-sent-again-01',
      };
      const results = values(
        await race(
          t,
          spread(() => [call]),
        ),
      );
      expect(results.every((r) => r.ok && r.serial === v!.serial)).toBe(true);
      expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v!.serial)).toBe(1);
      expect(
        await t.db.value(
          "SELECT count(*) FROM audit_log WHERE entity = 'voucher' AND entity_id = ? AND action IN ('redeem', 'refuseRedeem')",
          String(v!.id),
        ),
      ).toBe(1);
      await chainVerifies();
    }, 180_000);

    it('runs shared writers beside each other, and an exclusive writer beside none', async () => {
      // No timing: each shared writer waits inside its transaction until the other is inside too
      // (they cannot both get there unless they overlap), and the exclusive writer is seen waiting
      // for the lock in pg_locks while both hold it.
      const db = t.env.db;
      const order: string[] = [];
      let inside = 0;
      const both = deferred();
      const release = deferred();
      const sharedWriter = () =>
        db.write(
          async (tx) => {
            await tx.value(sql`SELECT 1`);
            if (++inside === 2) both.resolve();
            await within(both.promise, 'the second shared writer never got in beside the first');
            await release.promise;
            order.push('shared');
          },
          { shared: true },
        );
      const shared = [sharedWriter(), sharedWriter()];
      // Let go in any case, so that a failure below does not leave the writers holding the lock.
      onTestFinished(() => release.resolve());
      await within(both.promise, 'the shared writers never were inside together');
      const exclusive = db.write(async () => void order.push('exclusive'));
      const waiting = async () =>
        Number(await db.reader.value(sql`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`));
      const deadline = Date.now() + 10_000;
      while (order.length === 0 && (await waiting()) < 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(order).toEqual([]);
      expect(await waiting()).toBe(1);
      release.resolve();
      await Promise.all([...shared, exclusive]);
      expect(order).toEqual(['shared', 'shared', 'exclusive']);
    }, 60_000);

    it('runs a shared writer again after a unique violation, a bounded number of times', async () => {
      let retries = 0;
      const dup = t.env.db.write(
        async (tx) => {
          await tx.run(sql`CREATE TEMP TABLE probe (k INTEGER PRIMARY KEY) ON COMMIT DROP`);
          await tx.run(sql`INSERT INTO probe (k) VALUES (1)`);
          await tx.run(sql`INSERT INTO probe (k) VALUES (1)`);
        },
        { shared: true, onRetry: () => retries++ },
      );
      await expect(dup).rejects.toMatchObject({ code: '23505' });
      expect(retries).toBe(5);
    });
  },
);
