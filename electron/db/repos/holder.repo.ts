// 持券人核验: wrong ID numbers typed for a voucher, the holds they put on it, and the verifiers an
// institution install checks the holder with offline.
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export interface FailureRow {
  uid: string;
  serial: string;
  at: string;
  userId: number | null;
  username: string | null;
  channel: string;
  institutionCode: string | null;
}

export async function insertFailure(db: WriteTx, f: FailureRow): Promise<void> {
  await db.run(sql`INSERT INTO holder_check_failure (record_uid, serial, at, user_id, username, channel, institution_code)
     VALUES (${f.uid}, ${f.serial}, ${f.at}, ${f.userId}, ${f.username}, ${f.channel}, ${f.institutionCode})`);
}

/** The wrong ID numbers typed at this install (an institution's), for its claim package. */
export async function localFailures(db: Queryable): Promise<{ uid: string; serial: string; at: string }[]> {
  return (await db.all(
    sql`SELECT record_uid AS uid, serial, at FROM holder_check_failure WHERE channel <> 'claims:import' ORDER BY id`,
  )) as { uid: string; serial: string; at: string }[];
}

export async function failureKnown(db: Queryable, uid: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 FROM holder_check_failure WHERE record_uid = ${uid}`)) !== undefined;
}

/** Wrong attempts on a voucher since `since`, not counting those before its last release. */
export async function failuresSince(db: Queryable, serial: string, since: string): Promise<number> {
  return (await db.value(sql`SELECT count(*) FROM holder_check_failure
     WHERE serial = ${serial} AND at > ${since}
       AND at > coalesce((SELECT max(released_at) FROM voucher_hold WHERE serial = ${serial}), '')`)) as number;
}

export interface HoldRow {
  id: number;
  serial: string;
  held_at: string;
  failures: number;
}

export async function activeHold(db: Queryable, serial: string): Promise<HoldRow | undefined> {
  return (await db.get(
    sql`SELECT id, serial, held_at, failures FROM voucher_hold WHERE serial = ${serial} AND released_at IS NULL`,
  )) as HoldRow | undefined;
}

export async function insertHold(db: WriteTx, serial: string, at: string, failures: number): Promise<void> {
  await db.run(sql`INSERT INTO voucher_hold (serial, held_at, failures) VALUES (${serial}, ${at}, ${failures})`);
}

export async function releaseHold(
  db: WriteTx,
  id: number,
  at: string,
  userId: number | null,
  reason: string,
): Promise<boolean> {
  return (
    (
      await db.run(
        sql`UPDATE voucher_hold SET released_at = ${at}, released_by = ${userId}, release_reason = ${reason} WHERE id = ${id} AND released_at IS NULL`,
      )
    ).changes === 1
  );
}

/** Holds released at the bureau (the latest release per voucher), for the institutions' status files. */
export async function releasedHolds(db: Queryable): Promise<{ serial: string; at: string }[]> {
  return (await db.all(
    sql`SELECT serial, max(released_at) AS at FROM voucher_hold WHERE released_at IS NOT NULL GROUP BY serial ORDER BY serial`,
  )) as { serial: string; at: string }[];
}

export interface VerifierRow {
  serial: string;
  id_fp: string | null;
  kdf: string;
  salt: Buffer;
  hash: Buffer;
}

export async function getVerifier(db: Queryable, serial: string): Promise<VerifierRow | undefined> {
  return (await db.get(sql`SELECT serial, id_fp, kdf, salt, hash FROM holder_verifier WHERE serial = ${serial}`)) as
    VerifierRow | undefined;
}

export async function putVerifier(db: WriteTx, v: VerifierRow): Promise<void> {
  await db.run(sql`INSERT INTO holder_verifier (serial, id_fp, kdf, salt, hash) VALUES (${v.serial}, ${v.id_fp}, ${v.kdf}, ${v.salt}, ${v.hash})
     ON CONFLICT (serial) DO UPDATE SET id_fp = excluded.id_fp, kdf = excluded.kdf, salt = excluded.salt, hash = excluded.hash`);
}

/** An institution install keeps exactly the verifiers of the last status file it imported. */
export async function replaceVerifiers(db: WriteTx, rows: VerifierRow[]): Promise<void> {
  await db.run(sql`DELETE FROM holder_verifier`);
  for (const r of rows) await putVerifier(db, r);
}

/** The holder's ID number on the worker's record, for the bureau's own check. */
export async function holderIdNumber(db: Queryable, serial: string): Promise<string | undefined> {
  return (await db.value(
    sql`SELECT w.id_number FROM voucher v JOIN worker w ON w.id = v.worker_id WHERE v.serial = ${serial}`,
  )) as string | undefined;
}

/**
 * The vouchers an institution could redeem today: still issued and valid, designated to it, or
 * undesignated and of an occupation and level it is approved for — and only while it is active.
 */
export async function redeemableBy(
  db: Queryable,
  institutionId: number,
  today: string,
): Promise<{ serial: string; idNumber: string }[]> {
  return (await db.all(sql`SELECT v.serial, w.id_number AS "idNumber"
     FROM voucher v JOIN worker w ON w.id = v.worker_id
     JOIN institution i ON i.id = ${institutionId} AND i.status = 'active'
     WHERE v.status = 'issued' AND v.expiry_date >= ${today}
       AND (v.institution_id = ${institutionId} OR (v.institution_id IS NULL AND EXISTS (
         SELECT 1 FROM institution_approval a
         WHERE a.institution_id = ${institutionId} AND a.occupation_code = v.occupation_code AND a.level = v.level)))
     ORDER BY v.id`)) as { serial: string; idNumber: string }[];
}

export interface GuessingRow {
  serial: string;
  n: number;
  last: string;
  institutions: string | null;
  users: string | null;
  workerId: number | null;
  institutionId: number | null;
  held: number;
}

/** Per voucher: how many wrong ID numbers, the latest, where and by whom, and whether it is held now. */
export async function guessing(db: Queryable): Promise<GuessingRow[]> {
  return (await db.all(sql`SELECT g.serial, g.n, g.last, g.institutions, g.users, v.worker_id AS "workerId",
            (SELECT i.id FROM institution i WHERE i.code = (
               SELECT l.institution_code FROM holder_check_failure l
               WHERE l.serial = g.serial AND l.institution_code IS NOT NULL
               ORDER BY l.id DESC LIMIT 1)) AS "institutionId",
            EXISTS (SELECT 1 FROM voucher_hold h WHERE h.serial = g.serial AND h.released_at IS NULL) AS held
     FROM (SELECT f.serial, count(*) AS n, max(f.at) AS last,
                  ${sql.groupConcatDistinct(sql`f.institution_code`)} AS institutions, ${sql.groupConcatDistinct(sql`f.username`)} AS users
           FROM holder_check_failure f GROUP BY f.serial) g
     LEFT JOIN voucher v ON v.serial = g.serial`)) as GuessingRow[];
}
