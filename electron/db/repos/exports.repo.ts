// The rows of the Excel exports, a batch at a time: a county's workers do not fit in one array.
import type { Queryable } from '../driver/types';
import { likeContains, sql, type Sql } from '../sql';
import { townshipCond } from './worker.repo';

export interface WorkerExportFilter {
  townshipCode?: string | undefined;
  q?: string | undefined;
  /** 所属乡镇 (core/townshipScope): null for county-wide. */
  scope?: readonly string[] | null;
}

export function workersForExport(db: Queryable, f: WorkerExportFilter): AsyncIterable<Record<string, string | null>> {
  const conds: Sql[] = townshipCond(sql`w.township_code`, f.scope);
  if (f.townshipCode) conds.push(sql`w.township_code = ${f.townshipCode}`);
  if (f.q) conds.push(sql`(${sql.ilike(sql`w.name`, likeContains(f.q))} OR w.id_last4 = ${f.q})`);
  return db.iterate(sql`SELECT w.*, t.name AS township,
       (SELECT ${sql.groupConcat(sql`group_code`)} FROM worker_target_group g WHERE g.worker_id = w.id) AS groups
     FROM worker w JOIN township t ON t.code = w.township_code
     ${sql.whereAll(conds)} ORDER BY w.id`);
}

export interface VoucherExportFilter {
  status?: string | undefined;
  planId?: number | undefined;
  scope?: readonly string[] | null;
}

export function vouchersForExport(
  db: Queryable,
  f: VoucherExportFilter,
): AsyncIterable<Record<string, string | number | null>> {
  const conds: Sql[] = townshipCond(sql`w.township_code`, f.scope);
  if (f.status) conds.push(sql`v.status = ${f.status}`);
  if (f.planId) conds.push(sql`v.plan_id = ${f.planId}`);
  return db.iterate(sql`SELECT v.serial, w.name, w.id_number, p.name AS plan, o.name AS occ, v.level, v.amount_fen,
       v.issue_date, v.expiry_date, v.status, i.name AS inst
     FROM voucher v JOIN worker w ON w.id = v.worker_id JOIN plan p ON p.id = v.plan_id
     JOIN occupation o ON o.code = v.occupation_code LEFT JOIN institution i ON i.id = v.institution_id
     ${sql.whereAll(conds)} ORDER BY v.id`);
}
