// What the anomaly list keeps besides its flags: which rules failed at the last scans, since when,
// and counts of flags by kind.
import type { AnomalyKind } from '../../../shared/contract/schemas/stats';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

const FAILURES_KEY = 'anomalyRuleFailures';

/**
 * Rules failing at the last scan, each since the first scan it failed in. Why is in the process's log
 * only: an error may quote a stored value, and settings travel in backups.
 */
export type RuleFailures = Partial<Record<AnomalyKind, { since: string }>>;

export async function ruleFailures(db: Queryable): Promise<RuleFailures> {
  const text = await db.value<string>(sql`SELECT value FROM setting WHERE key = ${FAILURES_KEY}`);
  return text ? (JSON.parse(text) as RuleFailures) : {};
}

export async function putRuleFailures(tx: WriteTx, failures: RuleFailures): Promise<void> {
  if (Object.keys(failures).length === 0) {
    await tx.run(sql`DELETE FROM setting WHERE key = ${FAILURES_KEY}`);
    return;
  }
  const value = JSON.stringify(failures);
  await tx.run(
    sql`INSERT INTO setting (key, value) VALUES (${FAILURES_KEY}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}

/** How many flags of these kinds are stored. */
export async function countAnomalies(db: Queryable, kinds: readonly AnomalyKind[]): Promise<number> {
  return Number(await db.value(sql`SELECT count(*) FROM anomaly WHERE kind IN ${sql.in(kinds)}`));
}

const LAST_SCAN_KEY = 'anomalyLastScan';

/**
 * When the rules that produced the stored flags started reading (hourly, 重新检查 or before a
 * 复核通过), or null if they never ran. Kept by whichever scan stores its flags. A time after `now`
 * is no scan's (a clock set back since, or a value written into the file, which would otherwise
 * stop every later scan from storing and date an approval's record ahead): it reads as none.
 */
export async function lastScanAt(db: Queryable, now: string): Promise<string | null> {
  const at = await db.value<string>(sql`SELECT value FROM setting WHERE key = ${LAST_SCAN_KEY}`);
  return at !== undefined && at !== null && at <= now ? at : null;
}

export async function putLastScanAt(tx: WriteTx, startedAt: string): Promise<void> {
  await tx.run(
    sql`INSERT INTO setting (key, value) VALUES (${LAST_SCAN_KEY}, ${startedAt}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}
