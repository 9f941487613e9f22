// Sessions of a class and their 补签 / 更正 (attendance_adjustment, append-only): a closed session
// changes only as its newest correction says (trigger attendance_change_recorded, migration 13).
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export interface SessionRow {
  uid: string;
  class_uid: string;
  serial: string;
  session_date: string;
  sign_in: string;
  sign_out: string | null;
  minutes: number;
  voided: 0 | 1;
}

export interface AdjustmentRow {
  id: number;
  uid: string;
  kind: 'makeup' | 'correction';
  attendance_uid: string;
  class_uid: string;
  serial: string;
  session_date: string;
  before_sign_in: string | null;
  before_sign_out: string | null;
  before_minutes: number | null;
  before_voided: 0 | 1 | null;
  sign_in: string;
  sign_out: string;
  minutes: number;
  voided: 0 | 1;
  reason: string;
  recorded_at: string;
  recorded_by: number | null;
  recorded_by_name: string;
  source: 'local' | 'claim';
}

export async function getSession(db: Queryable, uid: string): Promise<SessionRow | undefined> {
  return (await db.get(sql`SELECT * FROM attendance WHERE uid = ${uid}`)) as SessionRow | undefined;
}

export async function sessionOn(
  db: Queryable,
  classUid: string,
  serial: string,
  date: string,
): Promise<SessionRow | undefined> {
  return (await db.get(
    sql`SELECT * FROM attendance WHERE class_uid = ${classUid} AND serial = ${serial} AND session_date = ${date}`,
  )) as SessionRow | undefined;
}

/** Every session of a class on one day, for signing the whole class in or out. */
export async function sessionsOnDay(db: Queryable, classUid: string, date: string): Promise<SessionRow[]> {
  return (await db.all(
    sql`SELECT * FROM attendance WHERE class_uid = ${classUid} AND session_date = ${date}`,
  )) as SessionRow[];
}

export async function sessionsOf(db: Queryable, classUid: string, serial: string): Promise<SessionRow[]> {
  return (await db.all(
    sql`SELECT * FROM attendance WHERE class_uid = ${classUid} AND serial = ${serial} ORDER BY session_date`,
  )) as SessionRow[];
}

export async function adjustmentsOf(db: Queryable, classUid: string, serial: string): Promise<AdjustmentRow[]> {
  return (await db.all(
    sql`SELECT * FROM attendance_adjustment WHERE class_uid = ${classUid} AND serial = ${serial} ORDER BY id`,
  )) as AdjustmentRow[];
}

export async function insertAdjustment(db: WriteTx, a: Omit<AdjustmentRow, 'id'>): Promise<void> {
  await db.run(sql`INSERT INTO attendance_adjustment (uid, kind, attendance_uid, class_uid, serial, session_date,
      before_sign_in, before_sign_out, before_minutes, before_voided, sign_in, sign_out, minutes, voided, reason,
      recorded_at, recorded_by, recorded_by_name, source)
    VALUES (${a.uid}, ${a.kind}, ${a.attendance_uid}, ${a.class_uid}, ${a.serial}, ${a.session_date},
      ${a.before_sign_in}, ${a.before_sign_out}, ${a.before_minutes}, ${a.before_voided}, ${a.sign_in}, ${a.sign_out},
      ${a.minutes}, ${a.voided}, ${a.reason}, ${a.recorded_at}, ${a.recorded_by}, ${a.recorded_by_name}, ${a.source})`);
}

export async function adjustmentKnown(db: Queryable, uid: string): Promise<boolean> {
  return (await db.value(sql`SELECT 1 FROM attendance_adjustment WHERE uid = ${uid}`)) !== undefined;
}

/** Sets a session to what its newest adjustment says (the trigger checks that it does). */
export async function setSession(
  db: WriteTx,
  uid: string,
  s: { sign_in: string; sign_out: string; minutes: number; voided: 0 | 1 },
): Promise<void> {
  await db.run(sql`UPDATE attendance SET sign_in = ${s.sign_in}, sign_out = ${s.sign_out}, minutes = ${s.minutes},
      voided = ${s.voided} WHERE uid = ${uid}`);
}

/** The class member whose holder's ID number, confirmed at redemption, has this keyed fingerprint. */
export async function memberByFingerprint(db: Queryable, classUid: string, fp: string): Promise<string | undefined> {
  return (await db.value(sql`SELECT m.serial FROM class_member m JOIN redemption r ON r.serial = m.serial
      WHERE m.class_uid = ${classUid} AND r.holder_fp = ${fp}`)) as string | undefined;
}

/** At the bureau: the class member whose voucher's worker has this ID number. */
export async function memberByIdNumber(db: Queryable, classUid: string, idNumber: string): Promise<string | undefined> {
  return (await db.value(sql`SELECT m.serial FROM class_member m JOIN voucher v ON v.serial = m.serial
      JOIN worker w ON w.id = v.worker_id WHERE m.class_uid = ${classUid} AND w.id_number = ${idNumber}`)) as
    string | undefined;
}

/** Members whose redemption has no fingerprint (redeemed before version 14), with their QR text. */
export async function membersWithoutFingerprint(
  db: Queryable,
  classUid: string,
): Promise<{ serial: string; qr_text: string }[]> {
  return (await db.all(sql`SELECT m.serial, r.qr_text FROM class_member m JOIN redemption r ON r.serial = m.serial
      WHERE m.class_uid = ${classUid} AND r.holder_fp IS NULL ORDER BY m.serial`)) as {
    serial: string;
    qr_text: string;
  }[];
}

/** What an institution install exports: its own adjustments, oldest first. */
export async function localAdjustments(db: Queryable): Promise<AdjustmentRow[]> {
  return (await db.all(sql`SELECT * FROM attendance_adjustment WHERE source = 'local' ORDER BY id`)) as AdjustmentRow[];
}
