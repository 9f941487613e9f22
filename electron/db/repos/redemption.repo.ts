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
}

export async function findRedemption(db: Queryable, serial: string): Promise<RedemptionRow | undefined> {
  return (await db.get(sql`SELECT * FROM redemption WHERE serial = ${serial}`)) as RedemptionRow | undefined;
}

export async function insertRedemption(db: WriteTx, r: RedemptionRow): Promise<void> {
  await db.run(sql`INSERT INTO redemption (serial, institution_code, redeemed_at, redeemed_by, holder_confirmed, qr_text, source, record_uid)
     VALUES (${r.serial}, ${r.institution_code}, ${r.redeemed_at}, ${r.redeemed_by}, ${r.holder_confirmed}, ${r.qr_text}, ${r.source}, ${r.record_uid})`);
}

export async function institutionNameByCode(db: Queryable, code: string): Promise<string | null> {
  return ((await db.value(sql`SELECT name FROM institution WHERE code = ${code}`)) as string | undefined) ?? null;
}
