// What a voucher PDF prints, as stored.
import type { VoucherPrint } from '../../pdf/voucher.pdf';
import type { Queryable } from '../driver/types';
import { sql, type Sql } from '../sql';
import { townshipCond } from './worker.repo';

const PRINT_SELECT = sql`
  SELECT v.serial, v.fallback_code AS "fallbackCode", w.name AS "holderName", w.id_number AS "idNumber", p.name AS "planName",
         o.name AS "occupationName", v.occupation_code AS "occupationCode", v.level, v.amount_fen AS "amountFen",
         v.issue_date AS "issueDate", v.expiry_date AS "expiryDate", i.name AS "institutionName", f.name AS "fundSourceName",
         v.qr_text AS "qrText"
  FROM voucher v JOIN worker w ON w.id = v.worker_id JOIN plan p ON p.id = v.plan_id
  JOIN occupation o ON o.code = v.occupation_code JOIN fund_source f ON f.code = v.fund_source
  LEFT JOIN institution i ON i.id = v.institution_id`;

export interface PrintSelection {
  ids?: number[] | undefined;
  batchId?: number | undefined;
  serial?: string | undefined;
  status?: string | undefined;
  limit?: number | undefined;
  /** 所属乡镇 (core/townshipScope): another township's vouchers are not printed. */
  scope?: readonly string[] | null;
}

export async function loadPrints(db: Queryable, s: PrintSelection): Promise<VoucherPrint[]> {
  const conds: Sql[] = townshipCond(sql`w.township_code`, s.scope);
  const where = (c: Sql) => sql.whereAll([c, ...conds]);
  if (s.ids) return db.all<VoucherPrint>(sql`${PRINT_SELECT} ${where(sql`v.id IN ${sql.in(s.ids)}`)} ORDER BY v.id`);
  if (s.batchId)
    return db.all<VoucherPrint>(sql`${PRINT_SELECT} ${where(sql`v.batch_id = ${s.batchId}`)} ORDER BY v.id`);
  if (s.serial) return db.all<VoucherPrint>(sql`${PRINT_SELECT} ${where(sql`v.serial = ${s.serial}`)}`);
  if (s.status) conds.push(sql`v.status = ${s.status}`);
  return db.all<VoucherPrint>(sql`${PRINT_SELECT} ${sql.whereAll(conds)} ORDER BY v.id LIMIT ${s.limit ?? 1000}`);
}

export interface Recipient {
  name: string;
  idNumber: string;
  serial: string;
  township: string | null;
  village: string | null;
  issueDate: string;
  planName: string;
  occupationName: string;
  level: string;
}

/**
 * A batch's recipients by township and village, as the township office hands the vouchers out; only
 * those within `scope` (core/townshipScope).
 */
export async function batchRecipients(
  db: Queryable,
  batchId: number,
  scope?: readonly string[] | null,
): Promise<Recipient[]> {
  const own = sql.whereAll([sql`v.batch_id = ${batchId}`, ...townshipCond(sql`w.township_code`, scope)]);
  return db.all<Recipient>(sql`SELECT w.name, w.id_number AS "idNumber", v.serial, t.name AS township, w.village,
      v.issue_date AS "issueDate", p.name AS "planName", o.name AS "occupationName", v.level
    FROM voucher v JOIN worker w ON w.id = v.worker_id JOIN plan p ON p.id = v.plan_id
    JOIN occupation o ON o.code = v.occupation_code LEFT JOIN township t ON t.code = w.township_code
    ${own} ORDER BY w.township_code, w.village, w.name, v.serial`);
}
