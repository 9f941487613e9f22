import type { Db } from '../connection';
import { prep } from '../prepared';

export function setting(db: Db, key: string): string | undefined {
  return prep(db, 'SELECT value FROM setting WHERE key = ?').pluck().get(key) as string | undefined;
}

export function putSetting(db: Db, key: string, value: string): void {
  prep(db, 'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function trustedKeyPem(db: Db, kid: string): string | undefined {
  return prep(db, 'SELECT public_key_pem FROM trusted_key WHERE kid = ?').pluck().get(kid) as string | undefined;
}

export function upsertTrustedKey(
  db: Db,
  k: { kid: string; publicKeyPem: string; validFrom: string; validTo: string | null },
): void {
  prep(
    db,
    `INSERT INTO trusted_key (kid, public_key_pem, valid_from, valid_to) VALUES (@kid, @publicKeyPem, @validFrom, @validTo)
     ON CONFLICT (kid) DO UPDATE SET valid_to = excluded.valid_to`,
  ).run(k);
}

export function institutionKey(db: Db, kid: string): { institution_id: number; public_key_pem: string } | undefined {
  return prep(db, 'SELECT institution_id, public_key_pem FROM institution_key WHERE kid = ?').get(kid) as
    { institution_id: number; public_key_pem: string } | undefined;
}

export function bindInstitutionKey(db: Db, kid: string, institutionId: number, pem: string, at: string): void {
  prep(
    db,
    'INSERT OR REPLACE INTO institution_key (kid, institution_id, public_key_pem, bound_at) VALUES (?, ?, ?, ?)',
  ).run(kid, institutionId, pem, at);
}

export function remoteStatus(db: Db, serial: string): { status: string; reason: string | null } | undefined {
  return prep(db, 'SELECT status, reason FROM remote_status WHERE serial = ?').get(serial) as
    { status: string; reason: string | null } | undefined;
}

export function upsertRemoteStatus(
  db: Db,
  e: { serial: string; status: string; reason: string | null; at: string },
): void {
  prep(
    db,
    `INSERT INTO remote_status (serial, status, reason, at) VALUES (@serial, @status, @reason, @at)
     ON CONFLICT (serial) DO UPDATE SET status = excluded.status, reason = excluded.reason, at = excluded.at`,
  ).run(e);
}

export function claimRecord(
  db: Db,
  uid: string,
): { outcome: 'applied' | 'conflict'; reason: string | null } | undefined {
  return prep(db, 'SELECT outcome, reason FROM claim_record WHERE record_uid = ?').get(uid) as
    { outcome: 'applied' | 'conflict'; reason: string | null } | undefined;
}

export function insertClaimRecord(
  db: Db,
  r: { uid: string; packageId: string; kind: string; serial: string | null; outcome: string; reason: string | null },
): void {
  prep(
    db,
    'INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason) VALUES (@uid, @packageId, @kind, @serial, @outcome, @reason)',
  ).run(r);
}

export function upsertClaimPackage(
  db: Db,
  p: { packageId: string; institutionId: number; at: string; applied: number; conflicts: number },
): void {
  prep(
    db,
    `INSERT INTO claim_package (package_id, institution_id, imported_at, applied, conflicts) VALUES (@packageId, @institutionId, @at, @applied, @conflicts)
     ON CONFLICT (package_id) DO UPDATE SET applied = applied + excluded.applied, conflicts = conflicts + excluded.conflicts`,
  ).run(p);
}

/** What every institution install is told: vouchers that can no longer be redeemed, and why. */
export function statusEntries(
  db: Db,
): { serial: string; status: 'revoked' | 'settled' | 'expired'; reason: string | null; at: string }[] {
  return prep(
    db,
    "SELECT serial, status, revoke_reason AS reason, status_at AS at FROM voucher WHERE status IN ('revoked', 'settled', 'expired') ORDER BY id",
  ).all() as never;
}
