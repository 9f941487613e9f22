import type {
  VoucherDetail,
  VoucherEvent,
  VoucherListItem,
  VoucherStatus,
} from '../../../shared/contract/schemas/voucher';
import type { SkillLevelCode } from '../../../shared/catalog/skillLevels';
import { maskIdNumber } from '../../../shared/domain/mask';
import { checkSerial, normalizeFallbackCode } from '../../../shared/domain/serial';
import type { Db } from '../connection';
import { prep } from '../prepared';

export interface NewVoucher {
  serial: string;
  year: number;
  seq: number;
  fallbackCode: string;
  workerId: number;
  planId: number;
  occupationCode: string;
  level: SkillLevelCode;
  amountFen: number;
  fundSource: string;
  institutionId: number | null;
  issueDate: string;
  expiryDate: string;
  issuedAt: string;
  issuedBy: number | null;
  batchId: number | null;
  kid: string;
  qrText: string;
  replacesId: number | null;
}

/** Whether a serial number (or a legacy sequence number) is already used in that year. */
export function seqTaken(db: Db, year: number, seq: number): boolean {
  return prep(db, 'SELECT 1 FROM voucher WHERE year = ? AND seq = ?').pluck().get(year, seq) !== undefined;
}

export function fallbackTaken(db: Db, code: string): boolean {
  return prep(db, 'SELECT 1 FROM voucher WHERE fallback_code = ?').pluck().get(code) !== undefined;
}

export function insertVoucher(db: Db, v: NewVoucher): number {
  const id = Number(
    prep(
      db,
      `INSERT INTO voucher (serial, year, seq, fallback_code, worker_id, plan_id, occupation_code, level, amount_fen, fund_source,
           institution_id, issue_date, expiry_date, issued_at, issued_by, batch_id, kid, qr_text, status, status_at, replaces_id,
           stat_township, stat_groups, stat_institution)
         VALUES (@serial, @year, @seq, @fallbackCode, @workerId, @planId, @occupationCode, @level, @amountFen, @fundSource,
           @institutionId, @issueDate, @expiryDate, @issuedAt, @issuedBy, @batchId, @kid, @qrText, 'issued', @issuedAt, @replacesId,
           (SELECT township_code FROM worker WHERE id = @workerId),
           (SELECT json_group_array(group_code) FROM worker_target_group WHERE worker_id = @workerId),
           coalesce(@institutionId, 0))`,
    ).run(v).lastInsertRowid,
  );
  insertEvent(db, id, v.issuedAt, null, 'issued', v.issuedBy, null);
  return id;
}

export function insertEvent(
  db: Db,
  voucherId: number,
  at: string,
  from: VoucherStatus | null,
  to: VoucherStatus,
  userId: number | null,
  note: string | null,
) {
  prep(
    db,
    'INSERT INTO voucher_event (voucher_id, at, from_status, to_status, user_id, note) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(voucherId, at, from, to, userId, note);
}

/** What a transition records besides the status: who redeemed it, when, and what was paid. */
export interface StatusDetail {
  revokeReason?: string | null;
  /** Redemption: the institution that redeemed it. */
  institutionId?: number | null;
  /** Redemption: the day it happened, when not `at` (an offline redemption arriving later). */
  on?: string | null;
  /** Settlement: the amount paid, when not the face value. */
  paidFen?: number | null;
}

export function setStatus(
  db: Db,
  id: number,
  from: VoucherStatus,
  to: VoucherStatus,
  at: string,
  userId: number | null,
  note: string | null,
  detail: StatusDetail | string | null = null,
): boolean {
  const d: StatusDetail = typeof detail === 'string' || detail === null ? { revokeReason: detail } : detail;
  const changed = prep(
    db,
    `UPDATE voucher SET status = @to, status_at = @at, revoke_reason = @revokeReason,
       redeemed_on = CASE WHEN @to = 'redeemed' THEN coalesce(@on, substr(@at, 1, 10)) ELSE redeemed_on END,
       stat_institution = CASE WHEN @to = 'redeemed' THEN coalesce(@institutionId, institution_id, 0) ELSE stat_institution END,
       certified_on = CASE WHEN @to = 'certified' THEN substr(@at, 1, 10) ELSE certified_on END,
       paid_fen = CASE WHEN @to = 'settled' THEN coalesce(@paidFen, amount_fen) ELSE paid_fen END
     WHERE id = @id AND status = @from`,
  ).run({
    to,
    at,
    id,
    from,
    revokeReason: d.revokeReason ?? null,
    institutionId: d.institutionId ?? null,
    on: d.on ?? null,
    paidFen: d.paidFen ?? null,
  }).changes;
  if (changed === 1) insertEvent(db, id, at, from, to, userId, note);
  return changed === 1;
}

const LIST_SELECT = `
  SELECT v.id, v.serial, v.worker_id AS workerId, w.name AS workerName, w.id_number AS idNumber, p.name AS planName,
         o.name AS occupationName, v.level, v.amount_fen AS amountFen, v.issue_date AS issueDate, v.expiry_date AS expiryDate,
         v.status, i.name AS institutionName
  FROM voucher v JOIN worker w ON w.id = v.worker_id JOIN plan p ON p.id = v.plan_id
  JOIN occupation o ON o.code = v.occupation_code LEFT JOIN institution i ON i.id = v.institution_id`;

type ListRow = Omit<VoucherListItem, 'idNumberMasked'> & { idNumber: string };

/** Rows carry the full ID number; what leaves the repo has it masked. */
function toListItem<R extends ListRow>(r: R): Omit<R, 'idNumber'> & { idNumberMasked: string } {
  const { idNumber, ...rest } = r;
  return { ...rest, idNumberMasked: maskIdNumber(idNumber) };
}

export interface VoucherFilter {
  q: string;
  status?: VoucherStatus | undefined;
  planId?: number | undefined;
  workerId?: number | undefined;
  batchId?: number | undefined;
}

export function listVouchers(
  db: Db,
  f: VoucherFilter,
  limit: number,
  offset: number,
): { items: VoucherListItem[]; total: number } {
  const conds: string[] = [];
  const p: Record<string, unknown> = { limit, offset };
  const add = (sql: string, key: string, value: unknown) => {
    if (value === undefined || value === '') return;
    conds.push(sql);
    p[key] = value;
  };
  add('v.status = @status', 'status', f.status);
  add('v.plan_id = @planId', 'planId', f.planId);
  add('v.worker_id = @workerId', 'workerId', f.workerId);
  add('v.batch_id = @batchId', 'batchId', f.batchId);
  const serial = checkSerial(f.q);
  const code = normalizeFallbackCode(f.q);
  if (serial.ok || code) {
    // A serial typed without dashes, or a fallback code in any case: an exact match.
    conds.push('(v.serial = @serial OR v.fallback_code = @code)');
    p.serial = serial.ok ? serial.serial : null;
    p.code = code;
  } else if (f.q) {
    conds.push(
      "(v.serial LIKE @q ESCAPE '\\' OR v.fallback_code = @code OR w.name LIKE @q ESCAPE '\\' OR w.id_last4 = @exact)",
    );
    p.q = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    p.code = f.q.toUpperCase();
    p.exact = f.q.toUpperCase();
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const total = prep(db, `SELECT count(*) FROM voucher v JOIN worker w ON w.id = v.worker_id ${where}`)
    .pluck()
    .get(p) as number;
  const rows = prep(db, `${LIST_SELECT} ${where} ORDER BY v.id DESC LIMIT @limit OFFSET @offset`).all(p) as ListRow[];
  return { items: rows.map(toListItem), total };
}

/**
 * A voucher as stored, with its redemption secrets (备用码, QR text); the service decides who sees
 * them and adds the hold.
 */
export type VoucherRecord = Omit<VoucherDetail, 'fallbackCode' | 'qrText' | 'hold'> & {
  fallbackCode: string;
  qrText: string;
};

/** The detail's own columns come from the query under the names the contract uses. */
type DetailRow = ListRow & Omit<VoucherRecord, keyof VoucherListItem | 'events'>;

export function getVoucher(db: Db, id: number): VoucherRecord | undefined {
  const r = prep(
    db,
    `SELECT d.*, v.fallback_code AS fallbackCode, v.plan_id AS planId, v.institution_id AS institutionId, p.code AS planCode, v.occupation_code AS occupationCode, v.fund_source AS fundSource,
              f.name AS fundSourceName, i.code AS institutionCode, v.qr_text AS qrText, v.kid, v.revoke_reason AS revokeReason,
              (SELECT serial FROM voucher x WHERE x.id = v.replaces_id) AS replacesSerial,
              (SELECT serial FROM voucher x WHERE x.replaces_id = v.id) AS replacedBySerial,
              v.replaces_id AS replacesId, (SELECT id FROM voucher x WHERE x.replaces_id = v.id) AS replacedById
       FROM (${LIST_SELECT} WHERE v.id = @id) d
       JOIN voucher v ON v.id = d.id JOIN plan p ON p.id = v.plan_id JOIN fund_source f ON f.code = v.fund_source
       LEFT JOIN institution i ON i.id = v.institution_id`,
  ).get({ id }) as DetailRow | undefined;
  if (!r) return undefined;
  const events = prep(
    db,
    `SELECT e.at, e.from_status AS fromStatus, e.to_status AS toStatus, u.username, e.note
       FROM voucher_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE e.voucher_id = ? ORDER BY e.id`,
  ).all(id) as VoucherEvent[];
  return { ...toListItem(r), events };
}

export function findVoucherIdBySerial(db: Db, serial: string): number | undefined {
  return prep(db, 'SELECT id FROM voucher WHERE serial = ?').pluck().get(serial) as number | undefined;
}

export function findVoucherIdByFallback(db: Db, code: string): number | undefined {
  return prep(db, 'SELECT id FROM voucher WHERE fallback_code = ?').pluck().get(code) as number | undefined;
}

/** Vouchers that still count for the rules: everything but revoked and expired. */
export interface LiveVoucher {
  id: number;
  serial: string;
  occupation_code: string;
  level: SkillLevelCode;
  issue_date: string;
  expiry_date: string;
  status: VoucherStatus;
}

export function liveVouchersOf(db: Db, workerId: number): LiveVoucher[] {
  return prep(
    db,
    `SELECT id, serial, occupation_code, level, issue_date, expiry_date, status FROM voucher
       WHERE worker_id = ? AND status NOT IN ('revoked', 'expired')`,
  ).all(workerId) as LiveVoucher[];
}

export function insertBatch(db: Db, at: string, userId: number | null, size: number, note: string | null): number {
  return Number(
    prep(db, 'INSERT INTO issue_batch (created_at, created_by, size, note) VALUES (?, ?, ?, ?)').run(
      at,
      userId,
      size,
      note,
    ).lastInsertRowid,
  );
}

/** Issued vouchers whose validity ended before `today`. */
export function dueForExpiry(db: Db, today: string): { id: number; serial: string }[] {
  return prep(db, "SELECT id, serial FROM voucher WHERE status = 'issued' AND expiry_date < ?").all(today) as {
    id: number;
    serial: string;
  }[];
}
