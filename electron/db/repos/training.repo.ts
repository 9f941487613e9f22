import type { ClassSummary } from '../../../shared/contract/schemas/training';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

const CLASS_COLUMNS = sql`c.uid, c.name, c.occupation_code AS "occupationCode", c.level, c.start_date AS "startDate", c.end_date AS "endDate",
  c.planned_hours AS "plannedHours", c.teachers, (SELECT count(*) FROM class_member m WHERE m.class_uid = c.uid) AS members`;

export async function listClasses(db: Queryable, institutionCode: string): Promise<ClassSummary[]> {
  return (await db.all(
    sql`SELECT ${CLASS_COLUMNS} FROM training_class c WHERE c.institution_code = ${institutionCode} ORDER BY c.start_date DESC`,
  )) as ClassSummary[];
}

export async function getClass(
  db: Queryable,
  uid: string,
): Promise<(ClassSummary & { institutionCode: string }) | undefined> {
  return (await db.get(
    sql`SELECT ${CLASS_COLUMNS}, c.institution_code AS "institutionCode" FROM training_class c WHERE c.uid = ${uid}`,
  )) as (ClassSummary & { institutionCode: string }) | undefined;
}

export async function insertClass(
  db: WriteTx,
  c: Omit<ClassSummary, 'members'> & { institutionCode: string; createdAt: string },
): Promise<void> {
  await db.run(sql`INSERT INTO training_class (uid, institution_code, name, occupation_code, level, start_date, end_date, planned_hours, teachers, created_at)
     VALUES (${c.uid}, ${c.institutionCode}, ${c.name}, ${c.occupationCode}, ${c.level}, ${c.startDate}, ${c.endDate}, ${c.plannedHours}, ${c.teachers}, ${c.createdAt})`);
}

export interface RosterRow {
  serial: string;
  qr_text: string;
  /** The worker's name at the bureau; null at an institution's install, which has no worker records. */
  worker_name: string | null;
  minutes: number;
  open_session: string | null;
  today: 'none' | 'in' | 'out' | 'voided';
  makeups: number;
  corrections: number;
  completion: 'passed' | 'failed' | null;
  certificate: string | null;
}

/** The roster of a class (or of one of its members) with each trainee's state on `today`. */
export async function roster(db: Queryable, uid: string, today: string, serial?: string): Promise<RosterRow[]> {
  const one = serial === undefined ? sql.empty : sql`AND m.serial = ${serial}`;
  return (await db.all(sql`SELECT m.serial, r.qr_text, w.name AS worker_name,
       coalesce((SELECT sum(a.minutes) FROM attendance a WHERE a.class_uid = m.class_uid AND a.serial = m.serial), 0) AS minutes,
       (SELECT max(a.session_date) FROM attendance a WHERE a.class_uid = m.class_uid AND a.serial = m.serial AND a.sign_out IS NULL) AS open_session,
       coalesce((SELECT CASE WHEN a.voided = 1 THEN 'voided' WHEN a.sign_out IS NULL THEN 'in' ELSE 'out' END
                 FROM attendance a WHERE a.class_uid = m.class_uid AND a.serial = m.serial AND a.session_date = ${today}), 'none') AS today,
       (SELECT count(*) FROM attendance_adjustment j WHERE j.class_uid = m.class_uid AND j.serial = m.serial AND j.kind = 'makeup') AS makeups,
       (SELECT count(*) FROM attendance_adjustment j WHERE j.class_uid = m.class_uid AND j.serial = m.serial AND j.kind = 'correction') AS corrections,
       (SELECT result FROM completion c WHERE c.serial = m.serial) AS completion,
       (SELECT number FROM certificate x WHERE x.serial = m.serial) AS certificate
     FROM class_member m JOIN redemption r ON r.serial = m.serial
     LEFT JOIN voucher v ON v.serial = m.serial LEFT JOIN worker w ON w.id = v.worker_id
     WHERE m.class_uid = ${uid} ${one} ORDER BY m.serial`)) as RosterRow[];
}

export async function candidates(
  db: Queryable,
  institutionCode: string,
): Promise<{ serial: string; qr_text: string; redeemed_at: string; worker_name: string | null }[]> {
  return (await db.all(sql`SELECT r.serial, r.qr_text, r.redeemed_at, w.name AS worker_name FROM redemption r
     LEFT JOIN voucher v ON v.serial = r.serial LEFT JOIN worker w ON w.id = v.worker_id
     WHERE r.institution_code = ${institutionCode} AND NOT EXISTS (SELECT 1 FROM class_member m WHERE m.serial = r.serial)
     ORDER BY r.redeemed_at`)) as {
    serial: string;
    qr_text: string;
    redeemed_at: string;
    worker_name: string | null;
  }[];
}

export async function addMember(db: WriteTx, uid: string, serial: string): Promise<void> {
  await db.run(sql`INSERT INTO class_member (class_uid, serial) VALUES (${uid}, ${serial})`);
}

export async function memberClass(db: Queryable, serial: string): Promise<string | undefined> {
  return (await db.value(sql`SELECT class_uid FROM class_member WHERE serial = ${serial}`)) as string | undefined;
}

export async function openAttendance(db: Queryable, uid: string, serial: string, date: string) {
  return (await db.get(
    sql`SELECT * FROM attendance WHERE class_uid = ${uid} AND serial = ${serial} AND session_date = ${date}`,
  )) as { uid: string; sign_in: string; sign_out: string | null } | undefined;
}

export async function insertAttendance(
  db: WriteTx,
  a: { uid: string; classUid: string; serial: string; date: string; at: string },
): Promise<void> {
  await db.run(
    sql`INSERT INTO attendance (uid, class_uid, serial, session_date, sign_in) VALUES (${a.uid}, ${a.classUid}, ${a.serial}, ${a.date}, ${a.at})`,
  );
}

export async function closeAttendance(db: WriteTx, uid: string, at: string, minutes: number): Promise<void> {
  await db.run(sql`UPDATE attendance SET sign_out = ${at}, minutes = ${minutes} WHERE uid = ${uid}`);
}

/** Minutes attended by a voucher's holder, voided sessions counting none (their minutes are 0). */
export async function attendedMinutes(db: Queryable, serial: string): Promise<number> {
  return (await db.value(sql`SELECT coalesce(sum(minutes), 0) FROM attendance WHERE serial = ${serial}`)) as number;
}

export async function insertCompletion(
  db: WriteTx,
  c: { serial: string; uid: string; result: string; assessedOn: string; pct: number; at: string },
): Promise<void> {
  await db.run(
    sql`INSERT INTO completion (serial, uid, result, assessed_on, attendance_pct, recorded_at) VALUES (${c.serial}, ${c.uid}, ${c.result}, ${c.assessedOn}, ${c.pct}, ${c.at})`,
  );
}

export async function findCompletion(
  db: Queryable,
  serial: string,
): Promise<{ result: 'passed' | 'failed' } | undefined> {
  return (await db.get(sql`SELECT result FROM completion WHERE serial = ${serial}`)) as
    { result: 'passed' | 'failed' } | undefined;
}

export async function certificateByNumber(
  db: Queryable,
  number: string,
): Promise<{ serial: string | null } | undefined> {
  return (await db.get(sql`SELECT serial FROM certificate WHERE number = ${number}`)) as
    { serial: string | null } | undefined;
}

export async function insertCertificate(
  db: WriteTx,
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
): Promise<void> {
  await db.run(sql`INSERT INTO certificate (uid, serial, worker_id, type, number, occupation_code, level, issuing_body, issued_on, historical, recorded_at)
     VALUES (${c.uid}, ${c.serial}, ${c.workerId}, ${c.type}, ${c.number}, ${c.occupationCode}, ${c.level}, ${c.issuingBody}, ${c.issuedOn}, ${c.historical}, ${c.at})`);
}

export async function completionOf(
  db: Queryable,
  serial: string,
): Promise<{ result: 'passed' | 'failed'; assessedOn: string; attendancePct: number } | undefined> {
  return (await db.get(
    sql`SELECT result, assessed_on AS "assessedOn", attendance_pct AS "attendancePct" FROM completion WHERE serial = ${serial}`,
  )) as { result: 'passed' | 'failed'; assessedOn: string; attendancePct: number } | undefined;
}

export async function certificateOf(
  db: Queryable,
  serial: string,
): Promise<
  | { type: string; number: string; occupationCode: string; level: string; issuingBody: string; issuedOn: string }
  | undefined
> {
  return (await db.get(sql`SELECT type, number, occupation_code AS "occupationCode", level, issuing_body AS "issuingBody",
      issued_on AS "issuedOn" FROM certificate WHERE serial = ${serial}`)) as never;
}
