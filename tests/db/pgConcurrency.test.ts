// Issue 15 §5: the guarantees that relied on one writer, with two server processes (child processes,
// each its own Env and pool, sessions shared through the database) and 20 clients between them, all
// through the real dispatcher on one PostgreSQL database: exactly-once redemption, the audit chain
// verifying afterwards, unique serials written in one order, one approval of a batch approved twice
// at once, the recovery limit under concurrent recoveries, and batch issuance while workers are being
// registered. Skips with a one-line reason where PostgreSQL is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/services/audit/chain';
import { localDate } from '../../shared/domain/idNumber';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { pgAvailable } from '../fixtures/pgCluster';
import { CLIENTS_PER_PROCESS, PROCESSES, race as raceIn, raceEnv, spread } from '../fixtures/pgRace';
import type { PlannedCall } from '../fixtures/pgRaceClient';
import { TEST_ENGINE_ENV } from '../fixtures/testStore';
import { trainVoucher } from '../fixtures/training';
import type { VoucherEnv } from '../fixtures/vouchers';

// This file is about PostgreSQL whichever project runs it: its database is one of the cluster's.
process.env[TEST_ENGINE_ENV] = 'pg';
const available = pgAvailable();

let t: VoucherEnv;
let op: string;
const race = (clients: PlannedCall[][][]) => raceIn(t, clients);

async function chainVerifies() {
  const r = await verifyAuditChain(t.env.db.reader, { secrets: t.env.secrets });
  expect(r).toMatchObject({ ok: true, keyChecked: true });
  return r;
}

let idSeq = 100;
async function issuedVouchers(n: number, birth: string) {
  const out: { id: number; serial: string; qrText: string; idNumber: string }[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeId('530523', birth, idSeq++);
    const workerId = await t.newWorker({ idNumber });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
    out.push({ id: v.id, serial: v.serial, qrText: v.qrText!, idNumber });
  }
  return out;
}

describe.skipIf(!available.ok)(
  `PostgreSQL: two server processes, 20 clients${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    beforeAll(async () => ({ t, op } = await raceEnv()), 120_000);
    afterAll(() => t?.close());

    it('redeems each voucher exactly once when every client tries every voucher', async () => {
      const vouchers = await issuedVouchers(6, '19850101');
      const outcomes = await race(
        spread((client) =>
          vouchers
            .map((_, i) => vouchers[(i + client) % vouchers.length]!)
            .map((v) => ({ token: op, channel: 'redeem:confirm', input: { text: v.qrText, idNumber: v.idNumber } })),
        ),
      );
      expect(outcomes).toHaveLength(PROCESSES * CLIENTS_PER_PROCESS);
      const all = outcomes.flat();
      expect(all.filter((o) => !o.ok)).toEqual([]);
      const results = all.map((o) => (o as { value: { ok: boolean; reason: string; serial: string } }).value);
      for (const v of vouchers) {
        const mine = results.filter((r) => r.serial === v.serial);
        expect(mine).toHaveLength(PROCESSES * CLIENTS_PER_PROCESS);
        expect(mine.filter((r) => r.ok)).toHaveLength(1);
        expect(new Set(mine.filter((r) => !r.ok).map((r) => r.reason))).toEqual(new Set(['already_used']));
        expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v.serial)).toBe(1);
      }
      await chainVerifies();
    }, 180_000);

    it('issues vouchers from 20 clients at once: serials unique, written and audited in one order', async () => {
      const workers: number[] = [];
      for (let i = 0; i < PROCESSES * CLIENTS_PER_PROCESS; i++)
        workers.push(await t.newWorker({ idNumber: makeId('530523', '19860202', idSeq++) }));
      const outcomes = await race(
        spread((client) => [
          { token: t.clerk, channel: 'voucher:issue', input: { workerId: workers[client]!, ...t.terms() } },
        ]),
      );
      const issued = outcomes.flat().map((o) => {
        if (!o.ok) throw new Error(`${o.code} ${o.message}`);
        return o.value as { id: number; serial: string };
      });
      expect(new Set(issued.map((v) => v.serial)).size).toBe(issued.length);
      const ids = issued.map((v) => v.id);
      const rows = (await t.db.all(`SELECT id, year, seq FROM voucher WHERE id IN (${ids.join(',')}) ORDER BY id`)) as {
        id: number;
        year: number;
        seq: number;
      }[];
      expect(new Set(rows.map((r) => `${r.year}-${r.seq}`)).size).toBe(ids.length);
      // One writer at a time: the audit rows of the issues follow the vouchers' id order.
      const audited = (await t.db.all(
        `SELECT entity_id FROM audit_log WHERE action = 'issue' AND entity = 'voucher' AND entity_id IN (${ids.map((i) => `'${i}'`).join(',')}) ORDER BY id`,
      )) as { entity_id: number | string }[];
      expect(audited.map((a) => Number(a.entity_id))).toEqual([...ids].sort((a, b) => a - b));
      await chainVerifies();
    }, 180_000);

    it('approves a batch once when two processes approve it twenty times at once, and limits recoveries', async () => {
      await trainVoucher(t, op);
      const candidates = await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId });
      const batch = await t.must(t.clerk, 'settlement:create', {
        institutionId: t.institutionId,
        voucherIds: candidates.map((c) => c.voucherId),
      });
      await t.later(0);
      const approvals = (
        await race(spread(() => [{ token: t.reviewer, channel: 'settlement:approve', input: { id: batch.id } }]))
      ).flat();
      expect(approvals.filter((o) => o.ok)).toHaveLength(1);
      expect(
        await t.db.value("SELECT count(*) FROM settlement_event WHERE batch_id = ? AND action = 'approve'", batch.id),
      ).toBe(1);

      const today = localDate(t.clock.now());
      const paid = await t.must(t.clerk, 'settlement:pay', { id: batch.id, paidOn: today, paymentRef: 'CZ-R' });
      const voucherId = paid.items[0]!.voucherId;
      const paidFen = paid.items[0]!.amountFen;
      const each = Math.floor(paidFen / 2.5);
      const recoveries = (
        await race(
          spread((client) => [
            {
              token: t.reviewer,
              channel: 'settlement:recover',
              input: { voucherId, amountFen: each, reason: '虚报出勤', recoveredOn: today, reference: `ZH-${client}` },
            },
          ]),
        )
      ).flat();
      expect(recoveries.filter((o) => o.ok)).toHaveLength(2);
      const recovered = Number(
        await t.db.value('SELECT sum(amount_fen) FROM subsidy_recovery WHERE voucher_id = ?', voucherId),
      );
      expect(recovered).toBe(2 * each);
      expect(recovered).toBeLessThanOrEqual(paidFen);
      await chainVerifies();
    }, 240_000);

    it('issues a batch by township while the other process registers workers there', async () => {
      const township = '530523105';
      for (let i = 0; i < 30; i++)
        await t.newWorker({ idNumber: makeId('530523', '19870303', idSeq++), townshipCode: township });
      const batchCall: PlannedCall = {
        token: t.clerk,
        channel: 'voucher:issueBatch',
        input: { ...t.terms(), selection: { filter: { townshipCode: township } } },
      };
      const registering = Array.from({ length: CLIENTS_PER_PROCESS }, (_, c) =>
        [0, 1].map((k) => ({
          token: t.clerk,
          channel: 'worker:create',
          input: workerInput({ idNumber: makeId('530523', '19880404', 200 + c * 2 + k), townshipCode: township }),
        })),
      );
      const issuing = [[batchCall], ...Array.from({ length: CLIENTS_PER_PROCESS - 1 }, () => [])];
      const [batch, ...rest] = await race([issuing, registering]);
      const registered = rest.flat();
      expect(registered.filter((o) => !o.ok)).toEqual([]);
      expect(registered).toHaveLength(2 * CLIENTS_PER_PROCESS);
      const outcome = batch![0]!;
      if (!outcome.ok) throw new Error(`${outcome.code} ${outcome.message}`);
      const { batchId, issued } = outcome.value as { batchId: number; issued: number };
      expect(issued).toBeGreaterThanOrEqual(30);
      expect(await t.db.value('SELECT count(*) FROM voucher WHERE batch_id = ?', batchId)).toBe(issued);
      expect(await t.db.value('SELECT count(DISTINCT worker_id) FROM voucher WHERE batch_id = ?', batchId)).toBe(
        issued,
      );
      expect(
        await t.db.value(
          'SELECT count(*) FROM voucher v JOIN worker w ON w.id = v.worker_id WHERE v.batch_id = ? AND w.township_code <> ?',
          batchId,
          township,
        ),
      ).toBe(0);
      expect(await t.db.value('SELECT count(*) FROM worker WHERE township_code = ?', township)).toBe(
        30 + 2 * CLIENTS_PER_PROCESS,
      );
      await chainVerifies();
    }, 240_000);
  },
);
