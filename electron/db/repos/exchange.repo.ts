import type { InstitutionKeyEntry } from '../../../shared/contract/schemas/exchange';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export async function setting(db: Queryable, key: string): Promise<string | undefined> {
  return (await db.value(sql`SELECT value FROM setting WHERE key = ${key}`)) as string | undefined;
}

export async function putSetting(db: WriteTx, key: string, value: string): Promise<void> {
  await db.run(
    sql`INSERT INTO setting (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}

export async function trustedKeyPem(db: Queryable, kid: string): Promise<string | undefined> {
  return (await db.value(sql`SELECT public_key_pem FROM trusted_key WHERE kid = ${kid}`)) as string | undefined;
}

export async function upsertTrustedKey(
  db: WriteTx,
  k: { kid: string; publicKeyPem: string; validFrom: string; validTo: string | null },
): Promise<void> {
  await db.run(sql`INSERT INTO trusted_key (kid, public_key_pem, valid_from, valid_to) VALUES (${k.kid}, ${k.publicKeyPem}, ${k.validFrom}, ${k.validTo})
     ON CONFLICT (kid) DO UPDATE SET valid_to = excluded.valid_to`);
}

export async function institutionKey(db: Queryable, kid: string): Promise<InstitutionKeyRow | undefined> {
  return db.get<InstitutionKeyRow>(
    sql`SELECT kid, institution_id, public_key_pem, bound_at, superseded_at FROM institution_key WHERE kid = ${kid}`,
  );
}

export interface InstitutionKeyRow {
  kid: string;
  institution_id: number;
  public_key_pem: string;
  bound_at: string;
  /** When a newer registration of the institution replaced it: packages it signs are refused. */
  superseded_at: string | null;
}

/** The institution's keys in use (not superseded), oldest first. */
export async function liveInstitutionKeys(db: Queryable, institutionId: number): Promise<InstitutionKeyRow[]> {
  return db.all<InstitutionKeyRow>(
    sql`SELECT kid, institution_id, public_key_pem, bound_at, superseded_at FROM institution_key
        WHERE institution_id = ${institutionId} AND superseded_at IS NULL ORDER BY bound_at, kid`,
  );
}

/** Every institution's keys, by institution code, those in use first, newest first. */
export async function listInstitutionKeys(db: Queryable): Promise<InstitutionKeyEntry[]> {
  return db.all<InstitutionKeyEntry>(
    sql`SELECT i.code AS "institutionCode", i.name AS "institutionName", k.kid, k.bound_at AS "boundAt",
               k.superseded_at AS "supersededAt"
        FROM institution_key k JOIN institution i ON i.id = k.institution_id
        ORDER BY i.code, CASE WHEN k.superseded_at IS NULL THEN 0 ELSE 1 END, k.bound_at DESC, k.kid`,
  );
}

/** Marks the institution's keys other than `kid` superseded, as of `at`. */
export async function supersedeInstitutionKeys(db: WriteTx, institutionId: number, kid: string, at: string) {
  await db.run(sql`UPDATE institution_key SET superseded_at = ${at}
    WHERE institution_id = ${institutionId} AND kid <> ${kid} AND superseded_at IS NULL`);
}

export async function bindInstitutionKey(
  db: WriteTx,
  kid: string,
  institutionId: number,
  pem: string,
  at: string,
): Promise<void> {
  await db.run(sql`INSERT INTO institution_key (kid, institution_id, public_key_pem, bound_at) VALUES (${kid}, ${institutionId}, ${pem}, ${at})
    ON CONFLICT (kid) DO NOTHING`);
}

export async function remoteStatus(
  db: Queryable,
  serial: string,
): Promise<{ status: string; reason: string | null } | undefined> {
  return (await db.get(sql`SELECT status, reason FROM remote_status WHERE serial = ${serial}`)) as
    { status: string; reason: string | null } | undefined;
}

export async function upsertRemoteStatus(
  db: WriteTx,
  e: { serial: string; status: string; reason: string | null; at: string },
): Promise<void> {
  await db.run(sql`INSERT INTO remote_status (serial, status, reason, at) VALUES (${e.serial}, ${e.status}, ${e.reason}, ${e.at})
     ON CONFLICT (serial) DO UPDATE SET status = excluded.status, reason = excluded.reason, at = excluded.at`);
}

export async function claimRecord(
  db: Queryable,
  uid: string,
): Promise<{ outcome: 'applied' | 'conflict'; reason: string | null } | undefined> {
  return (await db.get(sql`SELECT outcome, reason FROM claim_record WHERE record_uid = ${uid}`)) as
    { outcome: 'applied' | 'conflict'; reason: string | null } | undefined;
}

/**
 * The institutions a number from an institution's package is already held by at the bureau: as the
 * number of a record imported, of a class, or of a session (makeups create sessions of their own).
 */
export async function uidHolders(db: Queryable, uid: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT p.institution_id AS id FROM claim_record r JOIN claim_package p ON p.package_id = r.package_id WHERE r.record_uid = ${uid}
    UNION ALL
    SELECT i.id FROM training_class c JOIN institution i ON i.code = c.institution_code WHERE c.uid = ${uid}
    UNION ALL
    SELECT i.id FROM attendance a JOIN training_class c ON c.uid = a.class_uid
      JOIN institution i ON i.code = c.institution_code WHERE a.uid = ${uid}`);
  return rows.map((r) => Number(r.id));
}

export async function insertClaimRecord(
  db: WriteTx,
  r: {
    uid: string;
    packageId: string;
    kind: string;
    serial: string | null;
    outcome: string;
    reason: string | null;
    /** The time the institution stated (a redemption's), as an ISO instant, or null. */
    statedAt: string | null;
  },
): Promise<void> {
  await db.run(
    sql`INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason, stated_at) VALUES (${r.uid}, ${r.packageId}, ${r.kind}, ${r.serial}, ${r.outcome}, ${r.reason}, ${r.statedAt})`,
  );
}

/** A package imported before under this id: which institution's, and when. */
export async function importedPackage(
  db: Queryable,
  packageId: string,
): Promise<{ institution_id: number; imported_at: string } | undefined> {
  return db.get(sql`SELECT institution_id, imported_at FROM claim_package WHERE package_id = ${packageId}`);
}

// The existing counts are named with the table: unqualified, PostgreSQL finds `applied` ambiguous
// between the row and `excluded`.
export async function upsertClaimPackage(
  db: WriteTx,
  p: { packageId: string; institutionId: number; at: string; applied: number; conflicts: number },
): Promise<void> {
  await db.run(sql`INSERT INTO claim_package (package_id, institution_id, imported_at, applied, conflicts) VALUES (${p.packageId}, ${p.institutionId}, ${p.at}, ${p.applied}, ${p.conflicts})
     ON CONFLICT (package_id) DO UPDATE SET applied = claim_package.applied + excluded.applied, conflicts = claim_package.conflicts + excluded.conflicts`);
}

/** What every institution install is told: vouchers that can no longer be redeemed, and why. */
export async function statusEntries(
  db: Queryable,
): Promise<{ serial: string; status: 'revoked' | 'settled' | 'expired'; reason: string | null; at: string }[]> {
  return (await db.all(
    sql`SELECT serial, status, revoke_reason AS reason, status_at AS at FROM voucher WHERE status IN ('revoked', 'settled', 'expired') ORDER BY id`,
  )) as never;
}

/** What an institution install recorded itself, for its claim package. */
export async function localClaimRows(db: Queryable) {
  return {
    redemptions: await db.all<{
      uid: string;
      serial: string;
      qrText: string;
      redeemedAt: string;
      holderConfirmed: number;
    }>(
      sql`SELECT record_uid AS uid, serial, qr_text AS "qrText", redeemed_at AS "redeemedAt", holder_confirmed AS "holderConfirmed"
          FROM redemption WHERE source = 'local' ORDER BY redeemed_at, serial`,
    ),
    classes: await db.all<{
      uid: string;
      name: string;
      occupationCode: string;
      level: string;
      startDate: string;
      endDate: string;
      plannedHours: number;
      teachers: string;
    }>(
      sql`SELECT uid, name, occupation_code AS "occupationCode", level, start_date AS "startDate", end_date AS "endDate",
                 planned_hours AS "plannedHours", teachers FROM training_class ORDER BY created_at, uid`,
    ),
    members: await db.all<{ uid: string; classUid: string; serial: string }>(
      sql`SELECT class_uid || ':' || serial AS uid, class_uid AS "classUid", serial FROM class_member ORDER BY class_uid, serial`,
    ),
    attendance: await db.all<{
      uid: string;
      classUid: string;
      serial: string;
      sessionDate: string;
      signIn: string;
      signOut: string | null;
      minutes: number;
    }>(
      sql`SELECT uid, class_uid AS "classUid", serial, session_date AS "sessionDate", sign_in AS "signIn",
                 sign_out AS "signOut", minutes FROM attendance ORDER BY sign_in, uid`,
    ),
    completions: await db.all<{
      uid: string;
      serial: string;
      result: 'passed' | 'failed';
      assessedOn: string;
      attendancePct: number;
    }>(
      sql`SELECT uid, serial, result, assessed_on AS "assessedOn", attendance_pct AS "attendancePct" FROM completion ORDER BY recorded_at, uid`,
    ),
    certificates: await db.all<{
      uid: string;
      serial: string;
      type: string;
      number: string;
      occupationCode: string;
      level: string;
      issuingBody: string;
      issuedOn: string;
    }>(
      sql`SELECT uid, serial, type, number, occupation_code AS "occupationCode", level, issuing_body AS "issuingBody",
                 issued_on AS "issuedOn" FROM certificate WHERE serial IS NOT NULL ORDER BY recorded_at, uid`,
    ),
  };
}
