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

/** Kinds about an institution's conduct as a whole, whichever of its vouchers a flag names. */
const INSTITUTION_KINDS: readonly AnomalyKind[] = ['redemption_spike', 'copied_claim'];

/**
 * A batch's flags: those on its vouchers (live items), unless about another institution (a voucher
 * another institution claimed too is flagged for each side, with the same reason), and those about
 * the batch's institution as a whole.
 */
function inBatch(batchId: number): Sql {
  const institution = sql`(SELECT institution_id FROM settlement_batch WHERE id = ${batchId})`;
  return sql`(
    (a.serial IN (SELECT v.serial FROM settlement_item si JOIN voucher v ON v.id = si.voucher_id
                  WHERE si.batch_id = ${batchId} AND si.live = 1)
     AND (a.institution_id IS NULL OR a.institution_id = ${institution}))
    OR (a.institution_id = ${institution} AND (a.serial IS NULL OR a.kind IN ${sql.in(INSTITUTION_KINDS)})))`;
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
