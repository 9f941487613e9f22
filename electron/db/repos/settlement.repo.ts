import type {
  SettlementEvent,
  SettlementItem,
  SettlementRule,
  SettlementStatus,
  SettlementSummary,
} from '../../../shared/contract/schemas/settlement';
import { maskIdNumber } from '../../../shared/domain/mask';
import type { Db } from '../connection';
import { prep } from '../prepared';

/** A voucher of the institution that the plan's rule makes payable and no live batch holds yet. */
export interface PayableVoucher {
  voucherId: number;
  serial: string;
  workerName: string;
  idNumber: string;
  planName: string;
  occupationName: string;
  level: string;
  status: 'completed' | 'certified';
  faceFen: number;
  attendancePct: number | null;
}

const PAYABLE = `
  SELECT v.id AS voucherId, v.serial, w.name AS workerName, w.id_number AS idNumber, p.name AS planName,
         o.name AS occupationName, v.level, v.status, v.amount_fen AS faceFen, c.attendance_pct AS attendancePct
  FROM voucher v
  JOIN plan p ON p.id = v.plan_id
  JOIN worker w ON w.id = v.worker_id
  JOIN occupation o ON o.code = v.occupation_code
  LEFT JOIN completion c ON c.serial = v.serial
  WHERE v.stat_institution = @institutionId
    AND (v.status = 'certified' OR (v.status = 'completed' AND p.pays_on = 'completed'))
    AND NOT EXISTS (SELECT 1 FROM settlement_item s WHERE s.voucher_id = v.id AND s.live = 1)`;

export function payableVouchers(db: Db, institutionId: number, voucherIds?: number[]): PayableVoucher[] {
  const only = voucherIds ? ' AND v.id IN (SELECT value FROM json_each(@ids))' : '';
  return prep(db, `${PAYABLE}${only} ORDER BY v.serial`).all({
    institutionId,
    ids: JSON.stringify(voucherIds ?? []),
  }) as PayableVoucher[];
}

export function nextBatchNumber(db: Db, jurisdiction: string, year: number): string {
  const prefix = `JS${jurisdiction}-${year}-`;
  const n = prep(db, 'SELECT count(*) FROM settlement_batch WHERE number GLOB ?').pluck().get(`${prefix}*`) as number;
  return `${prefix}${String(n + 1).padStart(4, '0')}`;
}

export function insertBatch(
  db: Db,
  b: { number: string; institutionId: number; preparedBy: number; at: string; note: string },
): number {
  return Number(
    prep(
      db,
      `INSERT INTO settlement_batch (number, institution_id, status, voucher_count, total_fen, prepared_by, prepared_at, note)
       VALUES (?, ?, 'submitted', 0, 0, ?, ?, ?)`,
    ).run(b.number, b.institutionId, b.preparedBy, b.at, b.note).lastInsertRowid,
  );
}

export function insertItem(
  db: Db,
  batchId: number,
  i: { voucherId: number; faceFen: number; amountFen: number; attendancePct: number | null; rule: SettlementRule },
) {
  prep(
    db,
    `INSERT INTO settlement_item (batch_id, voucher_id, face_fen, amount_fen, attendance_pct, rule)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(batchId, i.voucherId, i.faceFen, i.amountFen, i.attendancePct, i.rule);
}

/** Recounts a batch from its live items. */
export function refreshTotals(db: Db, batchId: number) {
  prep(
    db,
    `UPDATE settlement_batch SET
       voucher_count = (SELECT count(*) FROM settlement_item WHERE batch_id = @id AND live = 1),
       total_fen = (SELECT coalesce(sum(amount_fen), 0) FROM settlement_item WHERE batch_id = @id AND live = 1)
     WHERE id = @id`,
  ).run({ id: batchId });
}

export function dropItems(db: Db, batchId: number, voucherIds: number[] | 'all') {
  if (voucherIds === 'all') prep(db, 'UPDATE settlement_item SET live = 0 WHERE batch_id = ?').run(batchId);
  else
    prep(
      db,
      'UPDATE settlement_item SET live = 0 WHERE batch_id = ? AND voucher_id IN (SELECT value FROM json_each(?))',
    ).run(batchId, JSON.stringify(voucherIds));
}

export function setBatch(db: Db, id: number, from: SettlementStatus, fields: Record<string, unknown>): boolean {
  const cols = Object.keys(fields);
  const sql = `UPDATE settlement_batch SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id AND status = @from`;
  return prep(db, sql).run({ ...fields, id, from }).changes === 1;
}

export function insertEvent(
  db: Db,
  batchId: number,
  e: { at: string; userId: number | null; action: SettlementEvent['action']; note: string | null },
) {
  prep(db, 'INSERT INTO settlement_event (batch_id, at, user_id, action, note) VALUES (?, ?, ?, ?, ?)').run(
    batchId,
    e.at,
    e.userId,
    e.action,
    e.note,
  );
}

export interface BatchRow extends SettlementSummary {
  preparedById: number;
  reviewedById: number | null;
  reviewedAt: string | null;
  returnReason: string | null;
  note: string;
}

const BATCH_SELECT = `
  SELECT b.id, b.number, b.institution_id AS institutionId, i.name AS institutionName, b.status,
         b.voucher_count AS voucherCount, b.total_fen AS totalFen,
         (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.batch_id = b.id) AS recoveredFen,
         pu.display_name AS preparedBy, b.prepared_by AS preparedById, b.prepared_at AS preparedAt,
         ru.display_name AS reviewedBy, b.reviewed_by AS reviewedById, b.reviewed_at AS reviewedAt,
         b.return_reason AS returnReason, b.paid_on AS paidOn, b.payment_ref AS paymentRef, b.note
  FROM settlement_batch b
  JOIN institution i ON i.id = b.institution_id
  JOIN app_user pu ON pu.id = b.prepared_by
  LEFT JOIN app_user ru ON ru.id = b.reviewed_by`;

export function getBatch(db: Db, id: number): BatchRow | undefined {
  return prep(db, `${BATCH_SELECT} WHERE b.id = ?`).get(id) as BatchRow | undefined;
}

export function listBatches(
  db: Db,
  f: { status?: SettlementStatus | undefined; institutionId?: number | undefined; limit: number; offset: number },
): { items: BatchRow[]; total: number } {
  const where = 'WHERE (@status IS NULL OR b.status = @status) AND (@inst IS NULL OR b.institution_id = @inst)';
  const p = { status: f.status ?? null, inst: f.institutionId ?? null };
  const total = prep(db, `SELECT count(*) FROM settlement_batch b ${where}`).pluck().get(p) as number;
  const items = prep(db, `${BATCH_SELECT} ${where} ORDER BY b.id DESC LIMIT @limit OFFSET @offset`).all({
    ...p,
    limit: f.limit,
    offset: f.offset,
  }) as BatchRow[];
  return { items, total };
}

export function batchItems(db: Db, batchId: number): SettlementItem[] {
  const rows = prep(
    db,
    `SELECT v.id AS voucherId, v.serial, w.name AS workerName, w.id_number AS idNumber, p.name AS planName,
            o.name AS occupationName, v.level, f.name AS fundSourceName, s.face_fen AS faceFen, s.amount_fen AS amountFen,
            s.attendance_pct AS attendancePct, s.rule,
            (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.voucher_id = v.id) AS recoveredFen
     FROM settlement_item s
     JOIN voucher v ON v.id = s.voucher_id
     JOIN worker w ON w.id = v.worker_id
     JOIN plan p ON p.id = v.plan_id
     JOIN occupation o ON o.code = v.occupation_code
     JOIN fund_source f ON f.code = v.fund_source
     WHERE s.batch_id = ? AND s.live = 1
     ORDER BY v.serial`,
  ).all(batchId) as (Omit<SettlementItem, 'idNumberMasked'> & { idNumber: string })[];
  return rows.map(({ idNumber, ...r }) => ({ ...r, idNumberMasked: maskIdNumber(idNumber) }));
}

export function batchEvents(db: Db, batchId: number): SettlementEvent[] {
  return prep(
    db,
    `SELECT e.at, u.display_name AS username, e.action, e.note
     FROM settlement_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE e.batch_id = ? ORDER BY e.id`,
  ).all(batchId) as SettlementEvent[];
}

/** The live item of a voucher in a paid batch, with what has been recovered of it so far. */
export function paidItem(
  db: Db,
  voucherId: number,
): { batchId: number; amountFen: number; recoveredFen: number; serial: string } | undefined {
  return prep(
    db,
    `SELECT s.batch_id AS batchId, s.amount_fen AS amountFen, v.serial,
            (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.voucher_id = s.voucher_id) AS recoveredFen
     FROM settlement_item s JOIN settlement_batch b ON b.id = s.batch_id JOIN voucher v ON v.id = s.voucher_id
     WHERE s.voucher_id = ? AND s.live = 1 AND b.status = 'paid'`,
  ).get(voucherId) as { batchId: number; amountFen: number; recoveredFen: number; serial: string } | undefined;
}

export function insertRecovery(
  db: Db,
  r: {
    voucherId: number;
    batchId: number;
    amountFen: number;
    reason: string;
    recoveredOn: string;
    reference: string;
    userId: number | null;
    at: string;
  },
) {
  prep(
    db,
    `INSERT INTO subsidy_recovery (voucher_id, batch_id, amount_fen, reason, recovered_on, reference, created_by, created_at)
     VALUES (@voucherId, @batchId, @amountFen, @reason, @recoveredOn, @reference, @userId, @at)`,
  ).run(r);
}

/** Recovered amounts by fund source, for the ledger. */
export function recoveredByFund(db: Db): Map<string, number> {
  const rows = prep(
    db,
    `SELECT v.fund_source AS fund, sum(r.amount_fen) AS fen FROM subsidy_recovery r JOIN voucher v ON v.id = r.voucher_id
     GROUP BY v.fund_source`,
  ).all() as { fund: string; fen: number }[];
  return new Map(rows.map((r) => [r.fund, r.fen]));
}
