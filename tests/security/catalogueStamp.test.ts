// Attack (red-team, on the catalogue's reads kept between write transactions, PostgreSQL): someone
// holding the server's own database login suspends an institution, or takes its approval away, in
// the database, yet keeps the servers redeeming for it as before — the record showing it suspended.
// Three ways were found: writing the old stamp back in the same transaction (the role could UPDATE
// ref_stamp), a temporary table named ref_stamp catching the trigger's UPDATE (a session's temporary
// schema comes first in its search path), and TRUNCATE, which fired no trigger. Migration 027: the
// trigger runs as its owner with the schema fixed and the temporary schema last, the app role may only
// read the stamp, and TRUNCATE replaces it too. Each case ends with the suspended institution refused.
// The same temporary table trick let the recovery limit pass (a temporary "voucher" paid anything):
// migration 028 pins every function of the schema to it.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { trainVoucher } from '../fixtures/training';
import { TEST_ENGINE_ENV } from '../fixtures/testStore';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

const onPg = process.env[TEST_ENGINE_ENV] === 'pg';
let t: VoucherEnv;
let operator: string;
let seq = 700;

beforeEach(async () => {
  if (!onPg) return;
  t = await makeVoucherEnv();
  operator = await t.loginAs('institutionOperator', 'op1');
});
afterEach(async () => {
  if (onPg) await t.close();
});

async function voucher() {
  const idNumber = makeId('530523', '19920304', seq++);
  const workerId = await t.newWorker({ idNumber });
  return { v: await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() }), idNumber };
}

/** A connection as the server's own login role (the URL the app runs with), outside the app. */
async function asAppRole<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.file });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The institution the operator redeems for, as the servers have it in memory now. */
async function warm() {
  const { v } = await voucher();
  expect(await t.must(operator, 'redeem:check', { text: v.qrText })).toMatchObject({ valid: true });
}

async function redeemNew() {
  const { v, idNumber } = await voucher();
  return t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber });
}

describe.skipIf(!onPg)('the catalogue stamp against the app’s own database role (PostgreSQL)', () => {
  it('cannot be written back by the app role', async () => {
    await warm();
    await asAppRole(async (c) => {
      await c.query('BEGIN');
      const old = (await c.query<{ stamp: string }>('SELECT stamp FROM ref_stamp WHERE id = 1')).rows[0]!.stamp;
      await c.query("UPDATE institution SET status = 'suspended' WHERE id = $1", [t.institutionId]);
      await expect(c.query('UPDATE ref_stamp SET stamp = $1 WHERE id = 1', [old])).rejects.toThrow(/permission denied/);
      await c.query('ROLLBACK');
      // Without putting it back, the suspension is seen at once.
      await c.query("UPDATE institution SET status = 'suspended' WHERE id = $1", [t.institutionId]);
    });
    expect(await redeemNew()).toMatchObject({ ok: false, reason: 'institution_suspended' });
  });

  it('is not caught by a temporary table of the same name', async () => {
    await warm();
    await asAppRole(async (c) => {
      await c.query('CREATE TEMP TABLE ref_stamp (id int, stamp text)');
      await c.query("INSERT INTO ref_stamp VALUES (1, 'decoy-decoy-decoy-decoy')");
      await c.query("UPDATE institution SET status = 'suspended' WHERE id = $1", [t.institutionId]);
    });
    expect(await redeemNew()).toMatchObject({ ok: false, reason: 'institution_suspended' });
  });

  it('changes when a catalogue table is truncated by its owner', async () => {
    await warm();
    const owner = new pg.Client({ connectionString: t.ownerFile! });
    await owner.connect();
    try {
      await owner.query('TRUNCATE institution_approval');
    } finally {
      await owner.end();
    }
    expect(await redeemNew()).toMatchObject({ ok: false, reason: 'not_approved' });
  });

  it('cannot make an integrity trigger read a temporary table instead of the schema’s (028)', async () => {
    // Nothing was paid on this voucher: the recovery limit refuses any recovery from it.
    const a = (await trainVoucher(t, operator))!;
    const batch = await t.must(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [a.voucherId],
    });
    const recover = (c: pg.Client) =>
      c.query(
        `INSERT INTO subsidy_recovery (voucher_id, batch_id, amount_fen, reason, recovered_on, created_at)
         VALUES ($1, $2, 100000, '直接写入', '2026-12-01', '2026-12-01T00:00:00.000Z')`,
        [a.voucherId, batch.id],
      );
    await asAppRole(async (c) => {
      await c.query('CREATE TEMP TABLE voucher (id bigint, paid_fen bigint)');
      await c.query('INSERT INTO voucher VALUES ($1, 99999999)', [a.voucherId]);
      await expect(recover(c)).rejects.toThrow('recovery exceeds the amount paid');
    });
    expect(await t.count('subsidy_recovery')).toBe(0);
    // Every function of the schema keeps to it, whatever search path the caller has.
    const loose = await t.db.column<string>(
      `SELECT p.proname FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind = 'f'
         AND NOT coalesce(array_to_string(p.proconfig, ',') LIKE 'search_path=%pg_temp', false)`,
    );
    expect(loose).toEqual([]);
  });
});
