import type {
  LedgerRow,
  SettlementEvent,
  SettlementItem,
  SettlementRule,
  SettlementStatus,
  SettlementSummary,
} from '../../../shared/contract/schemas/settlement';
import { maskIdNumber } from '../../../shared/domain/mask';
import type { Queryable, WriteTx } from '../driver/types';
import { sql, type Sql, type SqlArg } from '../sql';

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

const payable = (institutionId: number) => sql`
  SELECT v.id AS "voucherId", v.serial, w.name AS "workerName", w.id_number AS "idNumber", p.name AS "planName",
         o.name AS "occupationName", v.level, v.status, v.amount_fen AS "faceFen", c.attendance_pct AS "attendancePct"
  FROM voucher v
  JOIN plan p ON p.id = v.plan_id
  JOIN worker w ON w.id = v.worker_id
  JOIN occupation o ON o.code = v.occupation_code
  LEFT JOIN completion c ON c.serial = v.serial
  WHERE v.stat_institution = ${institutionId}
    AND (v.status = 'certified' OR (v.status = 'completed' AND p.pays_on = 'completed'))
    AND NOT EXISTS (SELECT 1 FROM settlement_item s WHERE s.voucher_id = v.id AND s.live = 1)`;

export async function payableVouchers(
  db: Queryable,
  institutionId: number,
  voucherIds?: number[],
): Promise<PayableVoucher[]> {
  const only = voucherIds ? sql` AND v.id IN ${sql.in(voucherIds)}` : sql.empty;
  return db.all<PayableVoucher>(sql`${payable(institutionId)}${only} ORDER BY v.serial`);
}

export async function nextBatchNumber(db: Queryable, jurisdiction: string, year: number): Promise<string> {
  const prefix = `JS${jurisdiction}-${year}-`;
  // The prefix is letters, digits and dashes: nothing LIKE would read as a wildcard.
  const n = Number(await db.value(sql`SELECT count(*) FROM settlement_batch WHERE number LIKE ${`${prefix}%`}`));
  return `${prefix}${String(n + 1).padStart(4, '0')}`;
}

export async function insertBatch(
  db: WriteTx,
  b: { number: string; institutionId: number; preparedBy: number; at: string; note: string },
): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO settlement_batch (number, institution_id, status, voucher_count, total_fen, prepared_by, prepared_at, note)
       VALUES (${b.number}, ${b.institutionId}, 'submitted', 0, 0, ${b.preparedBy}, ${b.at}, ${b.note}) RETURNING id`),
    ),
  );
}

export async function insertItem(
  db: WriteTx,
  batchId: number,
  i: { voucherId: number; faceFen: number; amountFen: number; attendancePct: number | null; rule: SettlementRule },
) {
  await db.run(sql`INSERT INTO settlement_item (batch_id, voucher_id, face_fen, amount_fen, attendance_pct, rule)
     VALUES (${batchId}, ${i.voucherId}, ${i.faceFen}, ${i.amountFen}, ${i.attendancePct}, ${i.rule})`);
}

/** Recounts a batch from its live items. */
export async function refreshTotals(db: WriteTx, batchId: number) {
  await db.run(sql`UPDATE settlement_batch SET
       voucher_count = (SELECT count(*) FROM settlement_item WHERE batch_id = ${batchId} AND live = 1),
       total_fen = (SELECT coalesce(sum(amount_fen), 0) FROM settlement_item WHERE batch_id = ${batchId} AND live = 1)
     WHERE id = ${batchId}`);
}

export async function dropItems(db: WriteTx, batchId: number, voucherIds: number[] | 'all') {
  if (voucherIds === 'all') await db.run(sql`UPDATE settlement_item SET live = 0 WHERE batch_id = ${batchId}`);
  else
    await db.run(
      sql`UPDATE settlement_item SET live = 0 WHERE batch_id = ${batchId} AND voucher_id IN ${sql.in(voucherIds)}`,
    );
}

export async function setBatch(
  db: WriteTx,
  id: number,
  from: SettlementStatus,
  fields: Record<string, SqlArg>,
): Promise<boolean> {
  const sets = Object.entries(fields).map(([c, v]) => sql`${sql.ident(c)} = ${v}`);
  return (
    (await db.run(sql`UPDATE settlement_batch SET ${sql.join(sets)} WHERE id = ${id} AND status = ${from}`)).changes ===
    1
  );
}

export async function insertEvent(
  db: WriteTx,
  batchId: number,
  e: { at: string; userId: number | null; action: SettlementEvent['action']; note: string | null },
) {
  await db.run(
    sql`INSERT INTO settlement_event (batch_id, at, user_id, action, note) VALUES (${batchId}, ${e.at}, ${e.userId}, ${e.action}, ${e.note})`,
  );
}

export interface BatchRow extends SettlementSummary {
  preparedById: number;
  reviewedById: number | null;
  reviewedAt: string | null;
  returnReason: string | null;
  note: string;
}

const BATCH_SELECT = sql`
  SELECT b.id, b.number, b.institution_id AS "institutionId", i.name AS "institutionName", b.status,
         b.voucher_count AS "voucherCount", b.total_fen AS "totalFen",
         (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.batch_id = b.id) AS "recoveredFen",
         pu.display_name AS "preparedBy", b.prepared_by AS "preparedById", b.prepared_at AS "preparedAt",
         ru.display_name AS "reviewedBy", b.reviewed_by AS "reviewedById", b.reviewed_at AS "reviewedAt",
         b.return_reason AS "returnReason", b.paid_on AS "paidOn", b.payment_ref AS "paymentRef", b.note
  FROM settlement_batch b
  JOIN institution i ON i.id = b.institution_id
  JOIN app_user pu ON pu.id = b.prepared_by
  LEFT JOIN app_user ru ON ru.id = b.reviewed_by`;

export async function getBatch(db: Queryable, id: number): Promise<BatchRow | undefined> {
  return (await db.get(sql`${BATCH_SELECT} WHERE b.id = ${id}`)) as BatchRow | undefined;
}

export async function listBatches(
  db: Queryable,
  f: { status?: SettlementStatus | undefined; institutionId?: number | undefined; limit: number; offset: number },
): Promise<{ items: BatchRow[]; total: number }> {
  const conds: Sql[] = [];
  if (f.status) conds.push(sql`b.status = ${f.status}`);
  if (f.institutionId) conds.push(sql`b.institution_id = ${f.institutionId}`);
  const where = sql.whereAll(conds);
  const total = Number(await db.value(sql`SELECT count(*) FROM settlement_batch b ${where}`));
  const items = await db.all<BatchRow>(
    sql`${BATCH_SELECT} ${where} ORDER BY b.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  return { items, total };
}

export async function batchItems(db: Queryable, batchId: number): Promise<SettlementItem[]> {
  const rows =
    (await db.all(sql`SELECT v.id AS "voucherId", v.serial, w.name AS "workerName", w.id_number AS "idNumber", p.name AS "planName",
            o.name AS "occupationName", v.level, f.name AS "fundSourceName", s.face_fen AS "faceFen", s.amount_fen AS "amountFen",
            s.attendance_pct AS "attendancePct", s.rule,
            (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.voucher_id = v.id) AS "recoveredFen",
            (SELECT x.number FROM certificate x WHERE x.serial = v.serial) AS "certificateNumber",
            (SELECT count(*) FROM attendance_adjustment j WHERE j.serial = v.serial) AS adjustments
     FROM settlement_item s
     JOIN voucher v ON v.id = s.voucher_id
     JOIN worker w ON w.id = v.worker_id
     JOIN plan p ON p.id = v.plan_id
     JOIN occupation o ON o.code = v.occupation_code
     JOIN fund_source f ON f.code = v.fund_source
     WHERE s.batch_id = ${batchId} AND s.live = 1
     ORDER BY v.serial`)) as (Omit<SettlementItem, 'idNumberMasked'> & { idNumber: string })[];
  return rows.map(({ idNumber, ...r }) => ({ ...r, idNumberMasked: maskIdNumber(idNumber) }));
}

/** How many batches are in each status (the tabs of 资金结算, the menu's badge). */
export async function countsByStatus(db: Queryable): Promise<Partial<Record<SettlementStatus, number>>> {
  const rows = await db.all<{ status: SettlementStatus; n: number }>(
    sql`SELECT status, count(*) AS n FROM settlement_batch GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function batchEvents(db: Queryable, batchId: number): Promise<SettlementEvent[]> {
  return (await db.all(sql`SELECT e.at, u.display_name AS username, e.action, e.note
     FROM settlement_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE e.batch_id = ${batchId} ORDER BY e.id`)) as SettlementEvent[];
}

/** The live item of a voucher in a paid batch, with what has been recovered of it so far. */
export async function paidItem(
  db: Queryable,
  voucherId: number,
): Promise<{ batchId: number; amountFen: number; recoveredFen: number; serial: string } | undefined> {
  return (await db.get(sql`SELECT s.batch_id AS "batchId", s.amount_fen AS "amountFen", v.serial,
            (SELECT coalesce(sum(r.amount_fen), 0) FROM subsidy_recovery r WHERE r.voucher_id = s.voucher_id) AS "recoveredFen"
     FROM settlement_item s JOIN settlement_batch b ON b.id = s.batch_id JOIN voucher v ON v.id = s.voucher_id
     WHERE s.voucher_id = ${voucherId} AND s.live = 1 AND b.status = 'paid'`)) as
    { batchId: number; amountFen: number; recoveredFen: number; serial: string } | undefined;
}

export async function insertRecovery(
  db: WriteTx,
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
  await db.run(sql`INSERT INTO subsidy_recovery (voucher_id, batch_id, amount_fen, reason, recovered_on, reference, created_by, created_at)
     VALUES (${r.voucherId}, ${r.batchId}, ${r.amountFen}, ${r.reason}, ${r.recoveredOn}, ${r.reference}, ${r.userId}, ${r.at})`);
}

/** Recovered amounts by fund source, for the ledger. */
export async function recoveredByFund(db: Queryable): Promise<Map<string, number>> {
  const rows =
    (await db.all(sql`SELECT v.fund_source AS fund, sum(r.amount_fen) AS fen FROM subsidy_recovery r JOIN voucher v ON v.id = r.voucher_id
     GROUP BY v.fund_source`)) as { fund: string; fen: number }[];
  return new Map(rows.map((r) => [r.fund, r.fen]));
}

/** 资金台账: each fund source's money by stage, from the statistics the triggers keep. */
export async function ledgerByFund(db: Queryable): Promise<Omit<LedgerRow, 'recoveredFen'>[]> {
  // The 'pof' key is plan_id|occupation|fund_source.
  return db.all(sql`SELECT f.code AS "fundSource", f.name AS "fundSourceName",
            coalesce(sum(s.fen_issued), 0) AS "committedFen",
            coalesce(sum(s.fen_redeemed + CASE WHEN p.pays_on = 'certified' THEN s.fen_completed ELSE 0 END), 0) AS "redeemedFen",
            coalesce(sum(s.fen_certified + CASE WHEN p.pays_on = 'completed' THEN s.fen_completed ELSE 0 END), 0) AS "payableFen",
            coalesce(sum(s.fen_paid), 0) AS "paidFen",
            coalesce(sum(s.fen_expired + s.fen_revoked), 0) AS "releasedFen"
     FROM fund_source f
     LEFT JOIN voucher_stat s ON s.dim = 'pof' AND s.key LIKE '%|' || f.code
     LEFT JOIN plan p ON p.id = CAST(substr(s.key, 1, ${sql.strpos(sql`s.key`, '|')} - 1) AS INTEGER)
     GROUP BY f.code, f.name ORDER BY f.code`);
}
