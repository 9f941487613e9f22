// The anomaly list as people read it: filtered by worker, voucher, institution, kind or settlement
// batch, with counts per kind.
import { ANOMALY_KINDS, type Anomaly, type AnomalyKind } from '../../../shared/contract/schemas/stats';
import type { Queryable } from '../driver/types';
import { sql, type Sql } from '../sql';

export interface AnomalyFilter {
  workerId?: number | undefined;
  serial?: string | undefined;
  institutionId?: number | undefined;
  settlementId?: number | undefined;
  kind?: AnomalyKind | undefined;
  limit: number;
  offset: number;
}

/** Kinds about an institution's conduct as a whole, on every batch of the institution. */
const INSTITUTION_KINDS: readonly AnomalyKind[] = ['redemption_spike'];

/**
 * A batch's flags (red-teamed): those on its live vouchers, whichever institution they name (a
 * guessed holder ID is flagged under the institution that typed it), except the other side of a
 * voucher two institutions tried to redeem (each side has its flag, with the same reason); an
 * overlap of classes, stored under the later voucher, for either of its two vouchers' holder; and
 * its institution's conduct as a whole. A copied claim number is on the batches holding the voucher
 * it names, not on all of either side's: the side copied from would otherwise carry it for good; and
 * only on the batches of the institution it is flagged for (a flag naming another's voucher is not
 * this batch's business, whatever put that serial in a claim).
 */
function inBatch(batchId: number): Sql {
  const institution = sql`(SELECT institution_id FROM settlement_batch WHERE id = ${batchId})`;
  const items = sql`settlement_item si JOIN voucher v ON v.id = si.voucher_id WHERE si.batch_id = ${batchId} AND si.live = 1`;
  return sql`(
    (a.serial IN (SELECT v.serial FROM ${items})
     AND NOT (a.kind IN ('contested_redemption', 'copied_claim') AND a.institution_id IS NOT NULL
              AND a.institution_id <> ${institution}))
    OR (a.kind = 'class_overlap' AND a.worker_id IN (SELECT v.worker_id FROM ${items}))
    OR (a.kind IN ${sql.in(INSTITUTION_KINDS)} AND a.institution_id = ${institution}))`;
}

/**
 * Each flag matching `f` as it reads (its kind, subject and reason), unordered: for the batch's
 * digest, which must change when one flag goes and another comes, or a flag's words change.
 */
export async function anomalyKeys(db: Queryable, f: Pick<AnomalyFilter, 'settlementId'>): Promise<string[]> {
  const conds: Sql[] = f.settlementId ? [inBatch(f.settlementId)] : [];
  const rows = await db.all<{ kind: string; subject: string; reason: string }>(
    sql`SELECT a.kind, a.subject, a.reason FROM anomaly a ${sql.whereAll(conds)}`,
  );
  return rows.map((r) => JSON.stringify([r.kind, r.subject, r.reason]));
}

export async function listAnomalies(
  db: Queryable,
  f: AnomalyFilter,
): Promise<{ items: Anomaly[]; total: number; byKind: Record<AnomalyKind, number> }> {
  const conds: Sql[] = [];
  if (f.workerId) conds.push(sql`a.worker_id = ${f.workerId}`);
  if (f.serial) conds.push(sql`a.serial = ${f.serial}`);
  if (f.institutionId) conds.push(sql`a.institution_id = ${f.institutionId}`);
  if (f.settlementId) conds.push(inBatch(f.settlementId));
  const counts = await db.all<{ kind: AnomalyKind; n: number }>(
    sql`SELECT kind, count(*) AS n FROM anomaly a ${sql.whereAll(conds)} GROUP BY kind`,
  );
  const byKind = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  for (const c of counts) byKind[c.kind] = c.n;
  const where = sql.whereAll(f.kind ? [...conds, sql`a.kind = ${f.kind}`] : conds);
  const total = Number(await db.value(sql`SELECT count(*) FROM anomaly a ${where}`));
  const items =
    await db.all<Anomaly>(sql`SELECT a.id, a.kind, a.reason, a.worker_id AS "workerId", w.name AS "workerName", a.serial,
            a.institution_id AS "institutionId", i.name AS "institutionName", a.detected_at AS "detectedAt"
     FROM anomaly a LEFT JOIN worker w ON w.id = a.worker_id LEFT JOIN institution i ON i.id = a.institution_id
     ${where} ORDER BY a.detected_at DESC, a.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { items, total, byKind };
}
