// voucher_stat on PostgreSQL equals SQLite's, row for row: the same vouchers, issued in several
// months with every kind of stat_groups, moved through a few hundred status changes (some refused)
// with redemption days in every format julianday reads, leave identical statistics on both engines.
// Also longling_julianday against SQLite's julianday itself. Skips with a one-line reason where
// PostgreSQL is not installed.
import type { Database as Sqlite } from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCluster, pgAvailable, TEMPLATE_DB, testDatabaseName, type PgCluster } from '../fixtures/pgCluster';
import { INSTITUTION, seedWorld, voucherInsert } from '../fixtures/parityWorld';
import { freshSqlite, pgClient, pgEngine, sqliteEngine, tableRows, type Engine } from '../fixtures/twoEngines';

const available = pgAvailable();

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const STATUSES = ['issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked'];
const GROUPS = [
  '[]',
  null,
  '["rural_labor"]',
  '["rural_labor","graduate"]',
  '["veteran","veteran"]',
  '[""]',
  ' []',
  '{"a":"disabled"}',
  '"solo"',
  '[1,2.5]',
];
const ISSUE_DATES = ['2026-01-31', '2026-02-28', '2026-03-02', '2025-12-15', '2026-03-31'];
/** What julianday reads, and what it does not (NULL: counted as 0 days). */
const DAYS = [
  null,
  '2026-03-05',
  '2026-04-30',
  '2026-02-30',
  '2026-03-10 12:30',
  '2026-03-10T23:59:59.999Z',
  '2026-03-10T01:00:00+08:00',
  '2026-03-10T01:00:00-05:30',
  '2025-12-01',
  '2026-13-01',
  'garbage',
  '',
];

/** A redemption day (or a certification day, or a payment) set with the status, as setStatus does. */
function move(id: number, from: string, to: string, on: string | null, paid: number | null): [string, unknown[]] {
  return [
    `UPDATE voucher SET status = ?, status_at = '2026-04-01T00:00:00.000Z', revoke_reason = ?,
       redeemed_on = CASE WHEN ? = 'redeemed' THEN ? ELSE redeemed_on END,
       stat_institution = CASE WHEN ? = 'redeemed' THEN ? ELSE stat_institution END,
       certified_on = CASE WHEN ? = 'certified' THEN ? ELSE certified_on END,
       paid_fen = CASE WHEN ? = 'settled' THEN ? ELSE paid_fen END
     WHERE id = ? AND status = ?`,
    [to, to === 'revoked' ? '作废' : null, to, on, to, INSTITUTION, to, on, to, paid, id, from],
  ];
}

describe.skipIf(!available.ok)(
  `voucher_stat on both engines${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    let cluster: PgCluster;
    let client: pg.Client;
    let db: Sqlite;
    let engines: [Engine, Engine];
    const name = testDatabaseName('voucher_stat');

    beforeAll(async () => {
      cluster = await getCluster();
      client = pgClient(await cluster.createDatabase(name, TEMPLATE_DB));
      await client.connect();
      db = freshSqlite();
      engines = [sqliteEngine(db), pgEngine(client)];
      for (const e of engines) await seedWorld(e);
    }, 60_000);

    afterAll(async () => {
      await client?.end();
      db?.close();
      await cluster?.dropDatabase(name);
      await cluster?.stop();
    });

    it('julianday differences read the same on both engines', async () => {
      const values = [
        ...DAYS.filter((d): d is string => d !== null),
        '2026-03-10T24:00',
        '2026-03-10 07:05:09.5',
        '2026-03-10Z',
        '2026-03-10T',
      ];
      const lite = values.map((v) => (db.prepare('SELECT julianday(?) AS jd').get(v) as { jd: number | null }).jd);
      const pgJd: (number | null)[] = [];
      for (const v of values) pgJd.push((await client.query('SELECT longling_julianday($1) AS jd', [v])).rows[0].jd);
      expect(Object.fromEntries(values.map((v, i) => [v, pgJd[i]]))).toEqual(
        Object.fromEntries(values.map((v, i) => [v, lite[i]])),
      );
      expect(lite.filter((x) => x === null).length).toBeGreaterThan(1);
    });

    it('keeps the same statistics through issuance and a few hundred status changes', async () => {
      const rnd = random(20260301);
      const vouchers = Array.from({ length: 40 }, (_, i) => ({
        id: i + 1,
        worker: 1 + (i % 3),
        plan: rnd.pick([1, 3, 6]),
        occupation: rnd.pick(['4-10-01-05', '6-31-01-03']),
        fund: rnd.pick(['employment_subsidy', 'local_fiscal']),
        amount: rnd.pick([60000, 150000, 350000]),
        institution: rnd.pick([null, INSTITUTION]),
        issueDate: rnd.pick(ISSUE_DATES),
        township: rnd.pick([null, '530523101', '530523207']),
        groups: rnd.pick(GROUPS),
      }));
      for (const v of vouchers) {
        const [sqlText, params] = voucherInsert(v);
        for (const e of engines)
          expect(await e.exec(sqlText, params), `voucher ${v.id} on ${e.name}`).toEqual({ changes: 1 });
      }
      let refused = 0;
      for (let step = 0; step < 300; step++) {
        const id = 1 + Math.floor(rnd.next() * vouchers.length);
        const from = (db.prepare('SELECT status FROM voucher WHERE id = ?').get(id) as { status: string }).status;
        const [sqlText, params] = move(id, from, rnd.pick(STATUSES), rnd.pick(DAYS), rnd.pick([null, 50000, 150000]));
        const [a, b] = [await engines[0].exec(sqlText, params), await engines[1].exec(sqlText, params)];
        expect(b, `step ${step}: voucher ${id} from ${from}`).toEqual(a);
        if ('raised' in a) refused++;
      }
      expect(refused).toBeGreaterThan(10);
      expect(await tableRows(engines[1], 'voucher')).toEqual(await tableRows(engines[0], 'voucher'));
      const stats = await tableRows(engines[0], 'voucher_stat');
      expect(await tableRows(engines[1], 'voucher_stat')).toEqual(stats);
      expect(stats.length).toBeGreaterThan(30);
      expect(new Set(stats.map((s) => s.dim))).toEqual(new Set(['pof', 'township', 'institution', 'group']));
      expect(stats.some((s) => Number(s.days_sum) !== 0)).toBe(true);
    });

    it('adds up a whole transaction at its commit: batches, a savepoint rolled back, constraints set immediate', async () => {
      const steps: [string, unknown[]][] = [['BEGIN', []]];
      for (let id = 1001; id <= 1300; id++)
        steps.push(voucherInsert({ id, issueDate: '2026-05-06', groups: '["graduate"]' }));
      for (let id = 1001; id <= 1100; id++) steps.push(move(id, 'issued', 'redeemed', '2026-05-20', null));
      steps.push(['SAVEPOINT sp', []]);
      for (let id = 1101; id <= 1150; id++) steps.push(move(id, 'issued', 'revoked', null, null));
      steps.push(
        ['ROLLBACK TO SAVEPOINT sp', []],
        ['SET CONSTRAINTS ALL IMMEDIATE', []],
        ['SET CONSTRAINTS ALL DEFERRED', []],
      );
      for (let id = 1151; id <= 1200; id++) steps.push(move(id, 'issued', 'expired', null, null));
      steps.push([
        `UPDATE voucher SET status = 'completed' WHERE id BETWEEN 1001 AND 1050 AND status = 'redeemed'`,
        [],
      ]);
      steps.push(['COMMIT', []]);
      for (const e of engines) {
        for (const [sqlText, params] of steps) {
          // SQLite has no deferred constraints to set.
          if (e.name === 'sqlite' && sqlText.startsWith('SET CONSTRAINTS')) continue;
          const r = await e.exec(sqlText, params);
          expect('changes' in r, `${e.name}: ${sqlText.slice(0, 60)} → ${JSON.stringify(r)}`).toBe(true);
        }
      }
      const may = await tableRows(engines[0], 'voucher_stat');
      expect(await tableRows(engines[1], 'voucher_stat')).toEqual(may);
      expect(may.find((s) => s.dim === 'group' && s.key === 'graduate' && s.month === '2026-05')).toMatchObject({
        n: 300,
        n_issued: 150,
        n_redeemed: 50,
        n_completed: 50,
        n_expired: 50,
        n_revoked: 0,
        days_sum: 100 * 14,
      });
      expect(await engines[1].all('SELECT count(*) AS n FROM voucher_stat_pending')).toEqual([{ n: 0 }]);
    });
  },
);
