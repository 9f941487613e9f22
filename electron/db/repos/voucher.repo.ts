import type {
  VoucherDetail,
  VoucherEvent,
  VoucherListItem,
  VoucherStatus,
} from '../../../shared/contract/schemas/voucher';
import type { SkillLevelCode } from '../../../shared/catalog/skillLevels';
import { maskIdNumber } from '../../../shared/domain/mask';
import { checkSerial, normalizeFallbackCode } from '../../../shared/domain/serial';
import type { Queryable, WriteTx } from '../driver/types';
import { likeContains, sql, type Sql } from '../sql';
import { townshipCond } from './worker.repo';

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
  /** The holder's township and target groups (a JSON array) when issued. */
  statTownship: string;
  statGroups: string;
}

/** Which of these serial numbers (or legacy sequence numbers) are used in that year. */
export async function takenSerialNumbers(db: Queryable, year: number, seqs: readonly number[]): Promise<Set<number>> {
  const taken = new Set<number>();
  for (let i = 0; i < seqs.length; i += 500) {
    const chunk = seqs.slice(i, i + 500);
    for (const n of await db.column<number>(
      sql`SELECT seq FROM voucher WHERE year = ${year} AND seq IN ${sql.in(chunk)}`,
    ))
      taken.add(n);
  }
  return taken;
}

export async function takenFallbackCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    for (const c of await db.column<string>(
      sql`SELECT fallback_code FROM voucher WHERE fallback_code IN ${sql.in(chunk)}`,
    ))
      taken.add(c);
  }
  return taken;
}

const VOUCHER_COLUMNS = [
  'serial',
  'year',
  'seq',
  'fallback_code',
  'worker_id',
  'plan_id',
  'occupation_code',
  'level',
  'amount_fen',
  'fund_source',
  'institution_id',
  'issue_date',
  'expiry_date',
  'issued_at',
  'issued_by',
  'batch_id',
  'kid',
  'qr_text',
  'status',
  'status_at',
  'replaces_id',
  'stat_township',
  'stat_groups',
  'stat_institution',
] as const;

/**
 * Inserts vouchers and their first event, in bulk (one statement per few hundred rows on PostgreSQL).
 * The holder's township and groups are kept on the voucher as they were at issue, for the statistics.
 */
export async function insertVouchers(
  db: WriteTx,
  vs: readonly NewVoucher[],
): Promise<{ id: number; serial: string }[]> {
  await db.insertMany(
    'voucher',
    VOUCHER_COLUMNS,
    vs.map((v) => [
      v.serial,
      v.year,
      v.seq,
      v.fallbackCode,
      v.workerId,
      v.planId,
      v.occupationCode,
      v.level,
      v.amountFen,
      v.fundSource,
      v.institutionId,
      v.issueDate,
      v.expiryDate,
      v.issuedAt,
      v.issuedBy,
      v.batchId,
      v.kid,
      v.qrText,
      'issued',
      v.issuedAt,
      v.replacesId,
      v.statTownship,
      v.statGroups,
      v.institutionId ?? 0,
    ]),
  );
  const ids = new Map<string, number>();
  for (let i = 0; i < vs.length; i += 500) {
    const chunk = vs.slice(i, i + 500).map((v) => v.serial);
    for (const r of await db.all<{ id: number; serial: string }>(
      sql`SELECT id, serial FROM voucher WHERE serial IN ${sql.in(chunk)}`,
    ))
      ids.set(r.serial, r.id);
  }
  const out = vs.map((v) => ({ id: ids.get(v.serial)!, serial: v.serial }));
  await db.insertMany(
    'voucher_event',
    ['voucher_id', 'at', 'from_status', 'to_status', 'user_id', 'note'],
    vs.map((v, i) => [out[i]!.id, v.issuedAt, null, 'issued', v.issuedBy, null]),
  );
  return out;
}

export async function insertEvent(
  db: WriteTx,
  voucherId: number,
  at: string,
  from: VoucherStatus | null,
  to: VoucherStatus,
  userId: number | null,
  note: string | null,
) {
  await db.run(
    sql`INSERT INTO voucher_event (voucher_id, at, from_status, to_status, user_id, note) VALUES (${voucherId}, ${at}, ${from}, ${to}, ${userId}, ${note})`,
  );
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

export async function setStatus(
  db: WriteTx,
  id: number,
  from: VoucherStatus,
  to: VoucherStatus,
  at: string,
  userId: number | null,
  note: string | null,
  detail: StatusDetail | string | null = null,
): Promise<boolean> {
  const d: StatusDetail = typeof detail === 'string' || detail === null ? { revokeReason: detail } : detail;
  const changed = (
    await db.run(sql`UPDATE voucher SET status = ${to}, status_at = ${at}, revoke_reason = ${d.revokeReason ?? null},
       redeemed_on = CASE WHEN ${to} = 'redeemed' THEN coalesce(${d.on ?? null}, substr(${at}, 1, 10)) ELSE redeemed_on END,
       stat_institution = CASE WHEN ${to} = 'redeemed' THEN coalesce(${d.institutionId ?? null}, institution_id, 0) ELSE stat_institution END,
       certified_on = CASE WHEN ${to} = 'certified' THEN substr(${at}, 1, 10) ELSE certified_on END,
       paid_fen = CASE WHEN ${to} = 'settled' THEN coalesce(${d.paidFen ?? null}, amount_fen) ELSE paid_fen END
     WHERE id = ${id} AND status = ${from}`)
  ).changes;
  if (changed === 1) await insertEvent(db, id, at, from, to, userId, note);
  return changed === 1;
}

const LIST_SELECT = sql`
  SELECT v.id, v.serial, v.worker_id AS "workerId", w.name AS "workerName", w.id_number AS "idNumber", p.name AS "planName",
         o.name AS "occupationName", v.level, v.amount_fen AS "amountFen", v.issue_date AS "issueDate", v.expiry_date AS "expiryDate",
         v.status, i.name AS "institutionName"
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
  /** 所属乡镇 (core/townshipScope): null for county-wide. */
  scope?: readonly string[] | null;
}

export async function listVouchers(
  db: Queryable,
  f: VoucherFilter,
  limit: number,
  offset: number,
): Promise<{ items: VoucherListItem[]; total: number }> {
  const conds: Sql[] = townshipCond(sql`w.township_code`, f.scope);
  if (f.status) conds.push(sql`v.status = ${f.status}`);
  if (f.planId) conds.push(sql`v.plan_id = ${f.planId}`);
  if (f.workerId) conds.push(sql`v.worker_id = ${f.workerId}`);
  if (f.batchId) conds.push(sql`v.batch_id = ${f.batchId}`);
  const serial = checkSerial(f.q);
  const code = normalizeFallbackCode(f.q);
  if (serial.ok || code) {
    // A serial typed without dashes, or a fallback code in any case: an exact match.
    conds.push(sql`(v.serial = ${serial.ok ? serial.serial : null} OR v.fallback_code = ${code})`);
  } else if (f.q) {
    const q = likeContains(f.q);
    const upper = f.q.toUpperCase();
    conds.push(
      sql`(${sql.ilike(sql`v.serial`, q)} OR v.fallback_code = ${upper} OR ${sql.ilike(sql`w.name`, q)} OR w.id_last4 = ${upper})`,
    );
  }
  const where = sql.whereAll(conds);
  const total = Number(
    await db.value(sql`SELECT count(*) FROM voucher v JOIN worker w ON w.id = v.worker_id ${where}`),
  );
  const rows = await db.all<ListRow>(sql`${LIST_SELECT} ${where} ORDER BY v.id DESC LIMIT ${limit} OFFSET ${offset}`);
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

/** A voucher's history, oldest first, as a JSON array (one query with the voucher: see getVoucher). */
const EVENTS_JSON = sql`(SELECT ${sql.jsonArrayAgg(
  sql.jsonObject({
    at: sql`e.at`,
    fromStatus: sql`e.from_status`,
    toStatus: sql`e.to_status`,
    username: sql`u.username`,
    displayName: sql`u.display_name`,
    note: sql`e.note`,
  }),
  sql`e.id`,
)} FROM voucher_event e LEFT JOIN app_user u ON u.id = e.user_id WHERE e.voucher_id = v.id)`;

/**
 * A voucher by id with its history; undefined when missing or its worker is outside `scope`
 * (core/townshipScope). The history comes in the same query: on PostgreSQL a redemption reads its
 * voucher inside the writers' lock, where each round trip holds up every other writer.
 */
export async function getVoucher(
  db: Queryable,
  id: number,
  scope?: readonly string[] | null,
): Promise<VoucherRecord | undefined> {
  const own = sql.whereAll([sql`v.id = ${id}`, ...townshipCond(sql`w.township_code`, scope)]);
  const r =
    (await db.get(sql`SELECT d.*, v.fallback_code AS "fallbackCode", v.plan_id AS "planId", v.institution_id AS "institutionId", p.code AS "planCode", v.occupation_code AS "occupationCode", v.fund_source AS "fundSource",
              f.name AS "fundSourceName", i.code AS "institutionCode", v.qr_text AS "qrText", v.kid, v.revoke_reason AS "revokeReason",
              (SELECT serial FROM voucher x WHERE x.id = v.replaces_id) AS "replacesSerial",
              (SELECT serial FROM voucher x WHERE x.replaces_id = v.id) AS "replacedBySerial",
              v.replaces_id AS "replacesId", (SELECT id FROM voucher x WHERE x.replaces_id = v.id) AS "replacedById",
              ${EVENTS_JSON} AS "eventsJson"
       FROM (${LIST_SELECT} ${own}) d
       JOIN voucher v ON v.id = d.id JOIN plan p ON p.id = v.plan_id JOIN fund_source f ON f.code = v.fund_source
       LEFT JOIN institution i ON i.id = v.institution_id`)) as (DetailRow & { eventsJson: string }) | undefined;
  if (!r) return undefined;
  const { eventsJson, ...row } = r;
  return { ...toListItem(row), events: JSON.parse(eventsJson) as VoucherEvent[] };
}

export async function findVoucherIdBySerial(db: Queryable, serial: string): Promise<number | undefined> {
  return (await db.value(sql`SELECT id FROM voucher WHERE serial = ${serial}`)) as number | undefined;
}

/** A voucher as its redemption locked it: its id and its holder's ID number (for the holder check). */
export interface LockedVoucher {
  id: number;
  holderIdNumber: string;
}

/**
 * Locks the voucher and its holder's row until COMMIT (PostgreSQL; SQLite's one writer has them
 * already), before anything about them is read: redemptions running beside each other (a shared
 * write) then decide one after the other on the same voucher (its status, its wrong-holder count)
 * and on the same worker (the rules over the worker's vouchers). It reads what the lookups by
 * serial would (the id, the holder's ID number), which a redemption then takes from here.
 */
export async function lockVoucherRows(db: WriteTx, serial: string): Promise<LockedVoucher | undefined> {
  return db.get<LockedVoucher>(
    sql`SELECT v.id, w.id_number AS "holderIdNumber" FROM voucher v JOIN worker w ON w.id = v.worker_id WHERE v.serial = ${serial}${sql.forUpdate}`,
  );
}

export async function findVoucherIdByFallback(db: Queryable, code: string): Promise<number | undefined> {
  return (await db.value(sql`SELECT id FROM voucher WHERE fallback_code = ${code}`)) as number | undefined;
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

export async function liveVouchersOf(db: Queryable, workerId: number): Promise<LiveVoucher[]> {
  return (await db.all(sql`SELECT id, serial, occupation_code, level, issue_date, expiry_date, status FROM voucher
       WHERE worker_id = ${workerId} AND status NOT IN ('revoked', 'expired')`)) as LiveVoucher[];
}

/** liveVouchersOf for many workers, one query per 500 (batch issuance judges thousands). */
export async function liveVouchersOfMany(
  db: Queryable,
  workerIds: readonly number[],
): Promise<Map<number, LiveVoucher[]>> {
  const out = new Map<number, LiveVoucher[]>(workerIds.map((id) => [id, []]));
  for (let i = 0; i < workerIds.length; i += 500) {
    const rows = await db.all<LiveVoucher & { worker_id: number }>(
      sql`SELECT worker_id, id, serial, occupation_code, level, issue_date, expiry_date, status FROM voucher
           WHERE worker_id IN ${sql.in(workerIds.slice(i, i + 500))} AND status NOT IN ('revoked', 'expired')`,
    );
    for (const { worker_id, ...v } of rows) out.get(worker_id)?.push(v);
  }
  return out;
}

export async function insertBatch(
  db: WriteTx,
  at: string,
  userId: number | null,
  size: number,
  note: string | null,
): Promise<number> {
  return Number(
    Number(
      await db.value(
        sql`INSERT INTO issue_batch (created_at, created_by, size, note) VALUES (${at}, ${userId}, ${size}, ${note}) RETURNING id`,
      ),
    ),
  );
}

/** Issued vouchers whose validity ended before `today`. */
export async function dueForExpiry(db: Queryable, today: string): Promise<{ id: number; serial: string }[]> {
  return (await db.all(sql`SELECT id, serial FROM voucher WHERE status = 'issued' AND expiry_date < ${today}`)) as {
    id: number;
    serial: string;
  }[];
}

/** How many vouchers each of these workers holds, of any status: what a batch checks has not moved. */
export async function voucherCounts(db: Queryable, workerIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < workerIds.length; i += 500) {
    const rows = await db.all<{ w: number; n: number }>(
      sql`SELECT worker_id AS w, count(*) AS n FROM voucher WHERE worker_id IN ${sql.in(workerIds.slice(i, i + 500))} GROUP BY worker_id`,
    );
    for (const r of rows) out.set(r.w, r.n);
  }
  return out;
}
