// The triggers and CHECKs behave the same on PostgreSQL as on SQLite: the same statements run on a
// fresh database of each engine must change the same rows, raise the same messages and refuse the
// same values, and leave the same tables behind, voucher_stat above all. Skips with a one-line
// reason where PostgreSQL is not installed.
import type { Database as Sqlite } from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCluster, pgAvailable, TEMPLATE_DB, testDatabaseName, type PgCluster } from '../fixtures/pgCluster';
import { INSTITUTION, seedWorld, USERS, voucherInsert, type VoucherRow } from '../fixtures/parityWorld';
import { checkProbes } from '../fixtures/checkProbes';
import {
  freshSqlite,
  pgClient,
  pgEngine,
  sqliteEngine,
  tableRows,
  type Engine,
  type Outcome,
} from '../fixtures/twoEngines';

const available = pgAvailable();
const AT = '2026-03-10T09:00:00.000Z';

type Step = [label: string, sqlText: string, params?: unknown[]];

/** setStatus of voucher.repo: the UPDATE every status change of the app makes. */
const move = (id: number, from: string, to: string, on: string | null = null, paid: number | null = null): Step => [
  `voucher ${id} ${from} → ${to}`,
  `UPDATE voucher SET status = ?, status_at = ?, revoke_reason = ?,
     redeemed_on = CASE WHEN ? = 'redeemed' THEN coalesce(?, substr(?, 1, 10)) ELSE redeemed_on END,
     stat_institution = CASE WHEN ? = 'redeemed' THEN coalesce(institution_id, ?) ELSE stat_institution END,
     certified_on = CASE WHEN ? = 'certified' THEN substr(?, 1, 10) ELSE certified_on END,
     paid_fen = CASE WHEN ? = 'settled' THEN coalesce(?, amount_fen) ELSE paid_fen END
   WHERE id = ? AND status = ?`,
  [to, AT, to === 'revoked' ? '作废' : null, to, on, AT, to, INSTITUTION, to, AT, to, paid, id, from],
];
const voucher = (v: VoucherRow): Step => [`voucher ${v.id} issued`, ...voucherInsert(v)];

describe.skipIf(!available.ok)(
  `triggers and checks on both engines${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    let cluster: PgCluster;
    const names: string[] = [];
    const clients: pg.Client[] = [];
    const files: Sqlite[] = [];

    /** A fresh database of each engine with the reference rows. */
    async function pair(): Promise<[Engine, Engine]> {
      const name = testDatabaseName('triggers');
      names.push(name);
      const c = pgClient(await cluster.createDatabase(name, TEMPLATE_DB));
      await c.connect();
      clients.push(c);
      const db = freshSqlite();
      files.push(db);
      const engines: [Engine, Engine] = [sqliteEngine(db), pgEngine(c)];
      for (const e of engines) await seedWorld(e);
      return engines;
    }

    async function runBoth(engines: [Engine, Engine], steps: Step[]): Promise<Record<string, Outcome>> {
      const out: Record<string, Outcome>[] = [{}, {}];
      for (const [i, e] of engines.entries()) {
        for (const [label, sqlText, params] of steps) {
          if (label in out[i]!) throw new Error(`two steps named ${label}`);
          out[i]![label] = await e.exec(sqlText, params);
        }
      }
      expect(out[1], 'PostgreSQL outcomes (SQLite expected)').toEqual(out[0]);
      return out[0]!;
    }

    beforeAll(async () => {
      cluster = await getCluster();
    }, 60_000);

    afterAll(async () => {
      for (const c of clients) await c.end();
      for (const db of files) db.close();
      for (const n of names) await cluster?.dropDatabase(n);
      await cluster?.stop();
    });

    it('keeps the audit log, its head, witnesses and account changes append-only, with the same messages', async () => {
      const engines = await pair();
      const hash = (n: number) => String(n).repeat(64).slice(0, 64);
      const audit = (id: number): Step => [
        `audit ${id}`,
        `INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES (?, ?, 'x:y', 'create', 'worker', ?, ?)`,
        [id, AT, hash(id - 1), hash(id)],
      ];
      const witness = `INSERT INTO audit_witness (id, kind, install_id, row_id, hash, at, keyed_from, kid, payload, signature)
                     VALUES (1, 'daily', 'i1', 2, '${hash(2)}', '${AT}', 1, 'k1', '{}', 'sig')`;
      const received = `INSERT INTO received_witness (id, install_id, row_id, hash, at, kid, envelope, received_at)
                      VALUES (1, 'i1', 2, '${hash(2)}', '${AT}', 'k1', '{}', '${AT}')`;
      const change = (id: number, user: number, madeBy: number): Step => [
        `account change ${id}`,
        `INSERT INTO account_change (id, user_id, kind, role, at, made_by, made_by_name) VALUES (?, ?, 'create', 'reviewer', ?, ?, 'admin')`,
        [id, user, AT, madeBy],
      ];
      const confirm = (id: number, by: number): Step => [
        `confirm ${id} by ${by}`,
        `UPDATE account_change SET confirmed_by = ?, confirmed_at = ? WHERE id = ?`,
        [by, AT, id],
      ];
      const out = await runBoth(engines, [
        audit(1),
        audit(2),
        // Several rows in one statement (an import): the head follows the last of them.
        [
          'audit 3 to 5',
          `INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES ${[3, 4, 5].map(() => "(?, ?, 'x:y', 'create', 'worker', ?, ?)").join(', ')}`,
          [3, 4, 5].flatMap((id) => [id, AT, hash(id - 1), hash(id)]),
        ],
        ['update audit', `UPDATE audit_log SET username = 'x' WHERE id = 1`],
        ['delete audit', 'DELETE FROM audit_log WHERE id = 2'],
        ['delete head', 'DELETE FROM audit_head'],
        ['witness', witness],
        ['update witness', `UPDATE audit_witness SET kind = 'manual'`],
        ['delete witness', 'DELETE FROM audit_witness'],
        ['received', received],
        ['update received', `UPDATE received_witness SET kid = 'k2'`],
        ['delete received', 'DELETE FROM received_witness'],
        change(1, USERS.reviewer, USERS.admin),
        change(2, USERS.reviewer2, USERS.admin),
        confirm(1, USERS.disabledAdmin),
        confirm(1, USERS.reviewer),
        confirm(1, USERS.admin2),
        [
          'confirm 1 again',
          `UPDATE account_change SET confirmed_by = ?, confirmed_at = ? WHERE id = 1`,
          [USERS.admin2, AT],
        ],
        ['change kind', `UPDATE account_change SET kind = 'role' WHERE id = 2`],
        ['delete change', 'DELETE FROM account_change WHERE id = 2'],
      ]);
      expect(out['update audit']).toEqual({ raised: 'audit_log is append-only' });
      expect(out['delete audit']).toEqual({ raised: 'audit_log is append-only' });
      expect(out['delete head']).toEqual({ raised: 'audit_head cannot be deleted' });
      expect(out['update witness']).toEqual({ raised: 'audit_witness is append-only' });
      expect(out['delete received']).toEqual({ raised: 'received_witness is append-only' });
      expect(out[`confirm 1 by ${USERS.admin2}`]).toEqual({ changes: 1 });
      expect(out['confirm 1 again']).toEqual({
        raised: 'an account change can only be confirmed, once, by another enabled admin',
      });
      expect(out['delete change']).toEqual({ raised: 'account_change is append-only' });
      for (const table of ['audit_log', 'audit_head', 'audit_witness', 'received_witness', 'account_change']) {
        expect(await tableRows(engines[1], table), table).toEqual(await tableRows(engines[0], table));
      }
      expect(await engines[1].all('SELECT last_id, hash FROM audit_head')).toEqual([{ last_id: 5, hash: hash(5) }]);
    });

    it('enforces the voucher and settlement lifecycles, the two-person rule, recoveries, skills and class hours alike', async () => {
      const engines = await pair();
      const batch = (id: number, by: number): Step => [
        `batch ${id}`,
        `INSERT INTO settlement_batch (id, number, institution_id, status, voucher_count, total_fen, prepared_by, prepared_at)
       VALUES (?, ?, ?, 'submitted', 1, 150000, ?, ?)`,
        [id, `JS-${id}`, INSTITUTION, by, AT],
      ];
      const approve = (id: number, by: number): Step => [
        `approve ${id} by ${by}`,
        `UPDATE settlement_batch SET status = 'approved', reviewed_by = ?, reviewed_at = ? WHERE id = ?`,
        [by, AT, id],
      ];
      const recover = (id: number, fen: number): Step => [
        `recovery ${id} of ${fen}`,
        `INSERT INTO subsidy_recovery (id, voucher_id, batch_id, amount_fen, reason, recovered_on, created_at)
       VALUES (?, 1, 1, ?, '重复申领', '2026-03-20', ?)`,
        [id, fen, AT],
      ];
      const cert = (uid: string, worker: number | null, type: string, level: string): Step => [
        `certificate ${uid}`,
        `INSERT INTO certificate (uid, worker_id, type, number, occupation_code, level, issuing_body, issued_on, recorded_at)
       VALUES (?, ?, ?, ?, '4-10-01-05', ?, '龙陵县人社局', '2026-03-01', ?)`,
        [uid, worker, type, `NO-${uid}`, level, AT],
      ];
      const klass = (uid: string, level: string, hours: number): Step => [
        `class ${uid}`,
        `INSERT INTO training_class (uid, institution_code, name, occupation_code, level, start_date, end_date, planned_hours, created_at)
       VALUES (?, 'INST01', '护理班', '4-10-01-05', ?, '2026-03-01', '2026-03-30', ?, ?)`,
        [uid, level, hours, AT],
      ];
      const out = await runBoth(engines, [
        voucher({ id: 1 }),
        voucher({ id: 2, status: 'expired' }),
        move(1, 'issued', 'completed'),
        move(1, 'issued', 'redeemed', '2026-03-05'),
        move(1, 'redeemed', 'completed'),
        move(1, 'completed', 'certified'),
        move(1, 'certified', 'settled'),
        move(1, 'settled', 'issued'),
        move(2, 'expired', 'redeemed'),
        move(2, 'redeemed', 'revoked'),
        ['serial', `UPDATE voucher SET serial = '530523-2026-000009-X' WHERE id = 1`],
        ['kid', `UPDATE voucher SET kid = 'kid-0001' WHERE id = 1`],
        ['issue date', `UPDATE voucher SET issue_date = '2026-03-03' WHERE id = 1`],
        ['stat groups', `UPDATE voucher SET stat_groups = '[]' WHERE id = 1`],
        ['status at', `UPDATE voucher SET status_at = ? WHERE id = 1`, [AT]],
        ['same status', `UPDATE voucher SET status = status WHERE id = 1`],
        batch(1, USERS.clerk),
        [
          'batch to paid',
          `UPDATE settlement_batch SET status = 'paid', paid_on = '2026-03-20', payment_ref = 'P1' WHERE id = 1`,
        ],
        approve(1, USERS.reviewer),
        ['pay', `UPDATE settlement_batch SET status = 'paid', paid_on = '2026-03-20', payment_ref = 'P1' WHERE id = 1`],
        ['paid note', `UPDATE settlement_batch SET note = 'x' WHERE id = 1`],
        [
          'reviewer made by preparer',
          `INSERT INTO account_change (id, user_id, kind, role, at, made_by, made_by_name) VALUES (1, ?, 'create', 'reviewer', ?, ?, 'clerk')`,
          [USERS.reviewer2, AT, USERS.clerk],
        ],
        batch(2, USERS.clerk),
        approve(2, USERS.reviewer2),
        approve(2, USERS.reviewer),
        recover(1, 60000),
        recover(2, 100000),
        recover(3, 90000),
        cert('c1', 1, 'skill_level', 'L3'),
        cert('c2', 1, 'skill_level', 'L4'),
        cert('c3', 2, 'special_ability', 'special'),
        cert('c4', 3, 'training', 'qualified'),
        cert('c5', null, 'skill_level', 'L1'),
        cert('c6', 1, 'skill_level', 'L1'),
        klass('k1', 'L4', 40),
        klass('k2', 'L4', 56),
        klass('k3', 'X', 1),
      ]);
      expect(out['voucher 1 issued → completed']).toEqual({ raised: 'illegal voucher transition' });
      expect(out['serial']).toEqual({ raised: 'voucher terms are immutable' });
      expect(out['issue date']).toEqual({ raised: 'voucher statistics keys are immutable' });
      expect(out['batch to paid']).toEqual({ raised: 'illegal settlement transition' });
      expect(out['paid note']).toEqual({ raised: 'a paid settlement batch cannot change' });
      expect(out[`approve 2 by ${USERS.reviewer2}`]).toEqual({
        raised: 'two-person rule: the reviewer account is not independent of the preparer',
      });
      expect(out['recovery 2 of 100000']).toEqual({ raised: 'recovery exceeds the amount paid' });
      expect(out['class k1']).toEqual({ raised: 'planned hours below the minimum of the level' });
      for (const table of [
        'voucher',
        'voucher_stat',
        'settlement_batch',
        'subsidy_recovery',
        'worker_skill',
        'training_class',
      ]) {
        expect(await tableRows(engines[1], table), table).toEqual(await tableRows(engines[0], table));
      }
    });

    it('refuses and accepts the same values in the translated CHECKs (GLOB, json_valid, lengths)', async () => {
      const engines = await pair();
      const probes = checkProbes();
      const verdicts: Record<string, string>[] = [{}, {}];
      for (const [i, e] of engines.entries()) {
        for (const p of probes) {
          const r = await e.exec(p.sql, p.params);
          verdicts[i]![p.label] = 'changes' in r ? 'accepted' : 'refused';
        }
      }
      expect(verdicts[1]).toEqual(verdicts[0]);
      // The vouchers among the probes carry odd stat_groups (a scalar, an object, an empty array).
      expect(await tableRows(engines[1], 'voucher_stat')).toEqual(await tableRows(engines[0], 'voucher_stat'));
      expect(Object.values(verdicts[0]!)).toContain('accepted');
      expect(Object.values(verdicts[0]!)).toContain('refused');
    });
  },
);
