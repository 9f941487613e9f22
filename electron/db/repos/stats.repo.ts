// Reads of the statistics that triggers keep in voucher_stat (see migration 008): a dashboard
// query aggregates a few hundred bucket rows, never the vouchers themselves.
import type { Db } from '../connection';
import { prep } from '../prepared';

export interface MonthRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** The measures of one bucket, summed. */
export interface StatSums {
  key: string;
  n: number;
  everRedeemed: number;
  everCertified: number;
  expired: number;
  revoked: number;
  settled: number;
  daysSum: number;
  committedFen: number;
  paidFen: number;
}

const SUMS = `sum(n) AS n, sum(ever_redeemed) AS everRedeemed, sum(ever_certified) AS everCertified,
  sum(n_expired) AS expired, sum(n_revoked) AS revoked, sum(n_settled) AS settled, sum(days_sum) AS daysSum,
  sum(fen_issued) AS committedFen, sum(fen_paid) AS paidFen`;

const range = (r: MonthRange) => ({ from: r.from ?? '0000-00', to: r.to ?? '9999-99' });

/** One row per key of a dimension ('pof', 'township', 'institution' or 'group'). */
export function sumsByKey(db: Db, dim: string, r: MonthRange): StatSums[] {
  return prep(
    db,
    `SELECT key, ${SUMS} FROM voucher_stat WHERE dim = @dim AND month BETWEEN @from AND @to GROUP BY key ORDER BY key`,
  ).all({ dim, ...range(r) }) as StatSums[];
}

/** One row per issue month, over every voucher. */
export function sumsByMonth(db: Db, r: MonthRange): StatSums[] {
  return prep(
    db,
    `SELECT month AS key, ${SUMS} FROM voucher_stat WHERE dim = 'pof' AND month BETWEEN @from AND @to
     GROUP BY month ORDER BY month`,
  ).all(range(r)) as StatSums[];
}

/** Trainings from before the system, by the month they started. */
export function historicalTrainings(db: Db, r: MonthRange): number {
  return prep(db, 'SELECT count(*) FROM historical_training WHERE substr(start_date, 1, 7) BETWEEN @from AND @to')
    .pluck()
    .get(range(r)) as number;
}

/** Workers holding a skill certificate, and those at 三级/高级工 or above. */
export function skillCounts(db: Db): { skilled: number; highSkill: number } {
  return {
    skilled: prep(db, 'SELECT count(*) FROM worker_skill').pluck().get() as number,
    highSkill: prep(db, 'SELECT count(*) FROM worker_skill WHERE rank >= 3').pluck().get() as number,
  };
}

export function planRows(
  db: Db,
): { id: number; name: string; leadUnit: string; target: number | null; sort: number }[] {
  return prep(db, 'SELECT id, name, lead_unit AS leadUnit, target, sort FROM plan ORDER BY sort, id').all() as {
    id: number;
    name: string;
    leadUnit: string;
    target: number | null;
    sort: number;
  }[];
}

export function subtargets(
  db: Db,
): { planId: number; occupationCode: string; occupationName: string; target: number }[] {
  return prep(
    db,
    `SELECT s.plan_id AS planId, s.occupation_code AS occupationCode, coalesce(o.name, s.occupation_code) AS occupationName, s.target
     FROM plan_subtarget s LEFT JOIN occupation o ON o.code = s.occupation_code`,
  ).all() as { planId: number; occupationCode: string; occupationName: string; target: number }[];
}

/** Display names for the keys of each dimension. */
export function names(db: Db, table: 'township' | 'institution' | 'occupation' | 'plan'): Map<string, string> {
  const key = table === 'township' || table === 'occupation' ? 'code' : 'id';
  const rows = prep(db, `SELECT CAST(${key} AS TEXT) AS k, name FROM ${table}`).all() as { k: string; name: string }[];
  return new Map(rows.map((r) => [r.k, r.name]));
}
