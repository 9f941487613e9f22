import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export interface RedemptionRow {
  serial: string;
  institution_code: string;
  redeemed_at: string;
  redeemed_by: string | null;
  holder_confirmed: 0 | 1;
  qr_text: string;
  source: 'local' | 'claim';
  record_uid: string;
  /** Keyed fingerprint of the ID number confirmed at the counter (version 14 on), for signing in by ID card. */
  holder_fp?: string | null;
}

export async function findRedemption(db: Queryable, serial: string): Promise<RedemptionRow | undefined> {
  return (await db.get(sql`SELECT * FROM redemption WHERE serial = ${serial}`)) as RedemptionRow | undefined;
}

export async function insertRedemption(db: WriteTx, r: RedemptionRow): Promise<void> {
  await db.run(sql`INSERT INTO redemption (serial, institution_code, redeemed_at, redeemed_by, holder_confirmed, qr_text, source, record_uid, holder_fp)
     VALUES (${r.serial}, ${r.institution_code}, ${r.redeemed_at}, ${r.redeemed_by}, ${r.holder_confirmed}, ${r.qr_text}, ${r.source}, ${r.record_uid}, ${r.holder_fp ?? null})`);
}

export async function institutionNameByCode(db: Queryable, code: string): Promise<string | null> {
  return ((await db.value(sql`SELECT name FROM institution WHERE code = ${code}`)) as string | undefined) ?? null;
}

/** An institution's redemptions from `from` (inclusive) to `to` (exclusive), ISO times, newest first. */
export async function redemptionsBetween(
  db: Queryable,
  institutionCode: string,
  from: string,
  to: string,
): Promise<(RedemptionRow & { worker_name: string | null })[]> {
  return (await db.all(sql`SELECT r.*, w.name AS worker_name FROM redemption r
      LEFT JOIN voucher v ON v.serial = r.serial LEFT JOIN worker w ON w.id = v.worker_id
      WHERE r.institution_code = ${institutionCode} AND r.redeemed_at >= ${from} AND r.redeemed_at < ${to}
      ORDER BY r.redeemed_at DESC, r.serial`)) as (RedemptionRow & { worker_name: string | null })[];
}

/** One redemption with the holder's name where the install knows it. */
export async function redemptionWithName(
  db: Queryable,
  serial: string,
): Promise<(RedemptionRow & { worker_name: string | null }) | undefined> {
  return (await db.get(sql`SELECT r.*, w.name AS worker_name FROM redemption r
      LEFT JOIN voucher v ON v.serial = r.serial LEFT JOIN worker w ON w.id = v.worker_id
      WHERE r.serial = ${serial}`)) as (RedemptionRow & { worker_name: string | null }) | undefined;
}

export async function setHolderFingerprint(db: WriteTx, serial: string, fp: string): Promise<void> {
  await db.run(sql`UPDATE redemption SET holder_fp = ${fp} WHERE serial = ${serial} AND holder_fp IS NULL`);
}
