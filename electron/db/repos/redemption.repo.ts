import type { Db } from '../connection';
import { prep } from '../prepared';

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

export function findRedemption(db: Db, serial: string): RedemptionRow | undefined {
  return prep(db, 'SELECT * FROM redemption WHERE serial = ?').get(serial) as RedemptionRow | undefined;
}

export function insertRedemption(db: Db, r: RedemptionRow): void {
  prep(
    db,
    `INSERT INTO redemption (serial, institution_code, redeemed_at, redeemed_by, holder_confirmed, qr_text, source, record_uid)
     VALUES (@serial, @institution_code, @redeemed_at, @redeemed_by, @holder_confirmed, @qr_text, @source, @record_uid)`,
  ).run(r);
}

export function institutionNameByCode(db: Db, code: string): string | null {
  return (prep(db, 'SELECT name FROM institution WHERE code = ?').pluck().get(code) as string | undefined) ?? null;
}
