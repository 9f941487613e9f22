// 持券人核验: wrong ID numbers typed for a voucher, the holds they put on it, and the verifiers an
// institution install checks the holder with offline.
import type { Db } from '../connection';
import { prep } from '../prepared';

export interface FailureRow {
  uid: string;
  serial: string;
  at: string;
  userId: number | null;
  username: string | null;
  channel: string;
  institutionCode: string | null;
}

export function insertFailure(db: Db, f: FailureRow): void {
  prep(
    db,
    `INSERT INTO holder_check_failure (record_uid, serial, at, user_id, username, channel, institution_code)
     VALUES (@uid, @serial, @at, @userId, @username, @channel, @institutionCode)`,
  ).run(f);
}

/** The wrong ID numbers typed at this install (an institution's), for its claim package. */
export function localFailures(db: Db): { uid: string; serial: string; at: string }[] {
  return prep(
    db,
    "SELECT record_uid AS uid, serial, at FROM holder_check_failure WHERE channel <> 'claims:import' ORDER BY id",
  ).all() as { uid: string; serial: string; at: string }[];
}

export function failureKnown(db: Db, uid: string): boolean {
  return prep(db, 'SELECT 1 FROM holder_check_failure WHERE record_uid = ?').get(uid) !== undefined;
}

/** Wrong attempts on a voucher since `since`, not counting those before its last release. */
export function failuresSince(db: Db, serial: string, since: string): number {
  return prep(
    db,
    `SELECT count(*) FROM holder_check_failure
     WHERE serial = @serial AND at > @since
       AND at > coalesce((SELECT max(released_at) FROM voucher_hold WHERE serial = @serial), '')`,
  )
    .pluck()
    .get({ serial, since }) as number;
}

export interface HoldRow {
  id: number;
  serial: string;
  held_at: string;
  failures: number;
}

export function activeHold(db: Db, serial: string): HoldRow | undefined {
  return prep(db, 'SELECT id, serial, held_at, failures FROM voucher_hold WHERE serial = ? AND released_at IS NULL').get(
    serial,
  ) as HoldRow | undefined;
}

export function insertHold(db: Db, serial: string, at: string, failures: number): void {
  prep(db, 'INSERT INTO voucher_hold (serial, held_at, failures) VALUES (?, ?, ?)').run(serial, at, failures);
}

export function releaseHold(db: Db, id: number, at: string, userId: number | null, reason: string): boolean {
  return (
    prep(
      db,
      'UPDATE voucher_hold SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL',
    ).run(at, userId, reason, id).changes === 1
  );
}

/** Holds released at the bureau (the latest release per voucher), for the institutions' status files. */
export function releasedHolds(db: Db): { serial: string; at: string }[] {
  return prep(
    db,
    'SELECT serial, max(released_at) AS at FROM voucher_hold WHERE released_at IS NOT NULL GROUP BY serial ORDER BY serial',
  ).all() as { serial: string; at: string }[];
}

export interface VerifierRow {
  serial: string;
  id_fp: string | null;
  kdf: string;
  salt: Buffer;
  hash: Buffer;
}

export function getVerifier(db: Db, serial: string): VerifierRow | undefined {
  return prep(db, 'SELECT serial, id_fp, kdf, salt, hash FROM holder_verifier WHERE serial = ?').get(serial) as
    VerifierRow | undefined;
}

export function putVerifier(db: Db, v: VerifierRow): void {
  prep(
    db,
    `INSERT INTO holder_verifier (serial, id_fp, kdf, salt, hash) VALUES (@serial, @id_fp, @kdf, @salt, @hash)
     ON CONFLICT (serial) DO UPDATE SET id_fp = excluded.id_fp, kdf = excluded.kdf, salt = excluded.salt, hash = excluded.hash`,
  ).run(v);
}

/** An institution install keeps exactly the verifiers of the last status file it imported. */
export function replaceVerifiers(db: Db, rows: VerifierRow[]): void {
  prep(db, 'DELETE FROM holder_verifier').run();
  for (const r of rows) putVerifier(db, r);
}

/** The holder's ID number on the worker's record, for the bureau's own check. */
export function holderIdNumber(db: Db, serial: string): string | undefined {
  return prep(db, 'SELECT w.id_number FROM voucher v JOIN worker w ON w.id = v.worker_id WHERE v.serial = ?')
    .pluck()
    .get(serial) as string | undefined;
}

/**
 * The vouchers an institution could redeem today: still issued and valid, designated to it, or
 * undesignated and of an occupation and level it is approved for — and only while it is active.
 */
export function redeemableBy(db: Db, institutionId: number, today: string): { serial: string; idNumber: string }[] {
  return prep(
    db,
    `SELECT v.serial, w.id_number AS idNumber
     FROM voucher v JOIN worker w ON w.id = v.worker_id
     JOIN institution i ON i.id = @inst AND i.status = 'active'
     WHERE v.status = 'issued' AND v.expiry_date >= @today
       AND (v.institution_id = @inst OR (v.institution_id IS NULL AND EXISTS (
         SELECT 1 FROM institution_approval a
         WHERE a.institution_id = @inst AND a.occupation_code = v.occupation_code AND a.level = v.level)))
     ORDER BY v.id`,
  ).all({ inst: institutionId, today }) as { serial: string; idNumber: string }[];
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
export function guessing(db: Db): GuessingRow[] {
  return prep(
    db,
    `SELECT g.serial, g.n, g.last, g.institutions, g.users, v.worker_id AS workerId,
            (SELECT i.id FROM institution i WHERE i.code = g.lastInstitution) AS institutionId,
            EXISTS (SELECT 1 FROM voucher_hold h WHERE h.serial = g.serial AND h.released_at IS NULL) AS held
     FROM (SELECT f.serial, count(*) AS n, max(f.at) AS last, max(f.institution_code) AS lastInstitution,
                  group_concat(DISTINCT f.institution_code) AS institutions, group_concat(DISTINCT f.username) AS users
           FROM holder_check_failure f GROUP BY f.serial) g
     LEFT JOIN voucher v ON v.serial = g.serial`,
  ).all() as GuessingRow[];
}
