import type { ClassSummary } from '../../../shared/contract/schemas/training';
import type { Db } from '../connection';
import { prep } from '../prepared';

const CLASS_COLUMNS = `c.uid, c.name, c.occupation_code AS occupationCode, c.level, c.start_date AS startDate, c.end_date AS endDate,
  c.planned_hours AS plannedHours, c.teachers, (SELECT count(*) FROM class_member m WHERE m.class_uid = c.uid) AS members`;

export function listClasses(db: Db, institutionCode: string): ClassSummary[] {
  return prep(
    db,
    `SELECT ${CLASS_COLUMNS} FROM training_class c WHERE c.institution_code = ? ORDER BY c.start_date DESC`,
  ).all(institutionCode) as ClassSummary[];
}

export function getClass(db: Db, uid: string): (ClassSummary & { institutionCode: string }) | undefined {
  return prep(
    db,
    `SELECT ${CLASS_COLUMNS}, c.institution_code AS institutionCode FROM training_class c WHERE c.uid = ?`,
  ).get(uid) as (ClassSummary & { institutionCode: string }) | undefined;
}

export function insertClass(
  db: Db,
  c: Omit<ClassSummary, 'members'> & { institutionCode: string; createdAt: string },
): void {
  prep(
    db,
    `INSERT INTO training_class (uid, institution_code, name, occupation_code, level, start_date, end_date, planned_hours, teachers, created_at)
     VALUES (@uid, @institutionCode, @name, @occupationCode, @level, @startDate, @endDate, @plannedHours, @teachers, @createdAt)`,
  ).run(c);
}

export interface RosterRow {
  serial: string;
  qr_text: string;
  minutes: number;
  open_session: string | null;
  completion: 'passed' | 'failed' | null;
  certificate: string | null;
}

export function roster(db: Db, uid: string): RosterRow[] {
  return prep(
    db,
    `SELECT m.serial, r.qr_text,
       coalesce((SELECT sum(a.minutes) FROM attendance a WHERE a.class_uid = m.class_uid AND a.serial = m.serial), 0) AS minutes,
       (SELECT a.session_date FROM attendance a WHERE a.class_uid = m.class_uid AND a.serial = m.serial AND a.sign_out IS NULL) AS open_session,
       (SELECT result FROM completion c WHERE c.serial = m.serial) AS completion,
       (SELECT number FROM certificate x WHERE x.serial = m.serial) AS certificate
     FROM class_member m JOIN redemption r ON r.serial = m.serial WHERE m.class_uid = ? ORDER BY m.serial`,
  ).all(uid) as RosterRow[];
}

export function candidates(
  db: Db,
  institutionCode: string,
): { serial: string; qr_text: string; redeemed_at: string }[] {
  return prep(
    db,
    `SELECT r.serial, r.qr_text, r.redeemed_at FROM redemption r
     WHERE r.institution_code = ? AND NOT EXISTS (SELECT 1 FROM class_member m WHERE m.serial = r.serial)
     ORDER BY r.redeemed_at`,
  ).all(institutionCode) as { serial: string; qr_text: string; redeemed_at: string }[];
}

export function addMember(db: Db, uid: string, serial: string): void {
  prep(db, 'INSERT INTO class_member (class_uid, serial) VALUES (?, ?)').run(uid, serial);
}

export function memberClass(db: Db, serial: string): string | undefined {
  return prep(db, 'SELECT class_uid FROM class_member WHERE serial = ?').pluck().get(serial) as string | undefined;
}

export function openAttendance(db: Db, uid: string, serial: string, date: string) {
  return prep(db, 'SELECT * FROM attendance WHERE class_uid = ? AND serial = ? AND session_date = ?').get(
    uid,
    serial,
    date,
  ) as { uid: string; sign_in: string; sign_out: string | null } | undefined;
}

export function insertAttendance(
  db: Db,
  a: { uid: string; classUid: string; serial: string; date: string; at: string },
): void {
  prep(db, 'INSERT INTO attendance (uid, class_uid, serial, session_date, sign_in) VALUES (?, ?, ?, ?, ?)').run(
    a.uid,
    a.classUid,
    a.serial,
    a.date,
    a.at,
  );
}

export function closeAttendance(db: Db, uid: string, at: string, minutes: number): void {
  prep(db, 'UPDATE attendance SET sign_out = ?, minutes = ? WHERE uid = ?').run(at, minutes, uid);
}

export function attendedMinutes(db: Db, serial: string): number {
  return prep(db, 'SELECT coalesce(sum(minutes), 0) FROM attendance WHERE serial = ?').pluck().get(serial) as number;
}

export function insertCompletion(
  db: Db,
  c: { serial: string; uid: string; result: string; assessedOn: string; pct: number; at: string },
): void {
  prep(
    db,
    'INSERT INTO completion (serial, uid, result, assessed_on, attendance_pct, recorded_at) VALUES (@serial, @uid, @result, @assessedOn, @pct, @at)',
  ).run(c);
}

export function findCompletion(db: Db, serial: string): { result: 'passed' | 'failed' } | undefined {
  return prep(db, 'SELECT result FROM completion WHERE serial = ?').get(serial) as
    { result: 'passed' | 'failed' } | undefined;
}

export function certificateByNumber(db: Db, number: string): { serial: string | null } | undefined {
  return prep(db, 'SELECT serial FROM certificate WHERE number = ?').get(number) as
    { serial: string | null } | undefined;
}

export function insertCertificate(
  db: Db,
  c: {
    uid: string;
    serial: string | null;
    workerId: number | null;
    type: string;
    number: string;
    occupationCode: string;
    level: string;
    issuingBody: string;
    issuedOn: string;
    historical: 0 | 1;
    at: string;
  },
): void {
  prep(
    db,
    `INSERT INTO certificate (uid, serial, worker_id, type, number, occupation_code, level, issuing_body, issued_on, historical, recorded_at)
     VALUES (@uid, @serial, @workerId, @type, @number, @occupationCode, @level, @issuingBody, @issuedOn, @historical, @at)`,
  ).run(c);
}
