// Reads of the statistics that triggers keep in voucher_stat (see migration 008): a dashboard
// query aggregates a few hundred bucket rows, never the vouchers themselves.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';

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

const SUMS = sql`sum(n) AS n, sum(ever_redeemed) AS "everRedeemed", sum(ever_certified) AS "everCertified",
  sum(n_expired) AS expired, sum(n_revoked) AS revoked, sum(n_settled) AS settled, sum(days_sum) AS "daysSum",
  sum(fen_issued) AS "committedFen", sum(fen_paid) AS "paidFen"`;

const range = (r: MonthRange) => ({ from: r.from ?? '0000-00', to: r.to ?? '9999-99' });

/** One row per key of a dimension ('pof', 'township', 'institution' or 'group'). */
export async function sumsByKey(db: Queryable, dim: string, r: MonthRange): Promise<StatSums[]> {
  return (await db.all(
    sql`SELECT key, ${SUMS} FROM voucher_stat WHERE dim = ${dim} AND month BETWEEN ${range(r).from} AND ${range(r).to} GROUP BY key ORDER BY key`,
  )) as StatSums[];
}

/** One row per issue month, over every voucher. */
export async function sumsByMonth(db: Queryable, r: MonthRange): Promise<StatSums[]> {
  return (await db.all(sql`SELECT month AS key, ${SUMS} FROM voucher_stat WHERE dim = 'pof' AND month BETWEEN ${range(r).from} AND ${range(r).to}
     GROUP BY month ORDER BY month`)) as StatSums[];
}

/** Trainings from before the system, by the month they started. */
export async function historicalTrainings(db: Queryable, r: MonthRange): Promise<number> {
  return (await db.value(
    sql`SELECT count(*) FROM historical_training WHERE substr(start_date, 1, 7) BETWEEN ${range(r).from} AND ${range(r).to}`,
  )) as number;
}

/** Workers holding a skill certificate, and those at 三级/高级工 or above. */
export async function skillCounts(db: Queryable): Promise<{ skilled: number; highSkill: number }> {
  return {
    skilled: (await db.value(sql`SELECT count(*) FROM worker_skill`)) as number,
    highSkill: (await db.value(sql`SELECT count(*) FROM worker_skill WHERE rank >= 3`)) as number,
  };
}

export async function planRows(
  db: Queryable,
): Promise<{ id: number; name: string; leadUnit: string; target: number | null; sort: number }[]> {
  return (await db.all(sql`SELECT id, name, lead_unit AS "leadUnit", target, sort FROM plan ORDER BY sort, id`)) as {
    id: number;
    name: string;
    leadUnit: string;
    target: number | null;
    sort: number;
  }[];
}

export async function subtargets(
  db: Queryable,
): Promise<{ planId: number; occupationCode: string; occupationName: string; target: number }[]> {
  return (await db.all(sql`SELECT s.plan_id AS "planId", s.occupation_code AS "occupationCode", coalesce(o.name, s.occupation_code) AS "occupationName", s.target
     FROM plan_subtarget s LEFT JOIN occupation o ON o.code = s.occupation_code`)) as {
    planId: number;
    occupationCode: string;
    occupationName: string;
    target: number;
  }[];
}

/** Display names for the keys of each dimension. */
export async function names(
  db: Queryable,
  table: 'township' | 'institution' | 'occupation' | 'plan',
): Promise<Map<string, string>> {
  const key = table === 'township' || table === 'occupation' ? 'code' : 'id';
  const rows = (await db.all(sql`SELECT CAST(${sql.raw(key)} AS TEXT) AS k, name FROM ${sql.raw(table)}`)) as {
    k: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.k, r.name]));
}
