// 申报包: everything an institution install recorded — redemptions, classes, rosters, attendance,
// completions and certificates — signed with the institution's key. Cumulative: the bureau skips
// records it has already seen, so exporting everything every time is safe.
import { randomUUID } from 'node:crypto';
import { prep } from '../../db/prepared';
import { setting } from '../../db/repos/exchange.repo';
import { localFailures } from '../../db/repos/holder.repo';
import { isoNow } from '../../core/clock';
import type { Ctx } from '../../core/context';
import { requireMode } from './institution.service';
import { signFile } from './signedFile';

export const CLAIM_FORMAT = 'longling-claim-package';

export type ClaimRecord =
  | { kind: 'redemption'; uid: string; serial: string; qrText: string; redeemedAt: string; holderConfirmed: boolean }
  | {
      kind: 'class';
      uid: string;
      name: string;
      occupationCode: string;
      level: string;
      startDate: string;
      endDate: string;
      plannedHours: number;
      teachers: string;
    }
  | { kind: 'member'; uid: string; classUid: string; serial: string }
  | {
      kind: 'attendance';
      uid: string;
      classUid: string;
      serial: string;
      sessionDate: string;
      signIn: string;
      signOut: string | null;
      minutes: number;
    }
  | {
      kind: 'completion';
      uid: string;
      serial: string;
      result: 'passed' | 'failed';
      assessedOn: string;
      attendancePct: number;
    }
  /** A wrong holder ID number typed at the institution (the number itself is not sent). */
  | { kind: 'holderFailure'; uid: string; serial: string; at: string }
  | {
      kind: 'certificate';
      uid: string;
      serial: string;
      type: string;
      number: string;
      occupationCode: string;
      level: string;
      issuingBody: string;
      issuedOn: string;
    };

export interface ClaimPackage {
  packageId: string;
  institutionCode: string;
  createdAt: string;
  records: ClaimRecord[];
}

export function collectClaims(ctx: Pick<Ctx, 'db'>): ClaimRecord[] {
  const all = <T>(sql: string) => prep(ctx.db, sql).all() as T[];
  return [
    ...all<ClaimRecord>(
      `SELECT 'redemption' AS kind, record_uid AS uid, serial, qr_text AS qrText, redeemed_at AS redeemedAt, holder_confirmed = 1 AS holderConfirmed FROM redemption WHERE source = 'local'`,
    ).map(
      (r) => ({ ...r, holderConfirmed: Boolean((r as { holderConfirmed: unknown }).holderConfirmed) }) as ClaimRecord,
    ),
    ...all<ClaimRecord>(
      `SELECT 'class' AS kind, uid, name, occupation_code AS occupationCode, level, start_date AS startDate, end_date AS endDate, planned_hours AS plannedHours, teachers FROM training_class`,
    ),
    ...all<ClaimRecord>(
      `SELECT 'member' AS kind, class_uid || ':' || serial AS uid, class_uid AS classUid, serial FROM class_member`,
    ),
    ...all<ClaimRecord>(
      `SELECT 'attendance' AS kind, uid, class_uid AS classUid, serial, session_date AS sessionDate, sign_in AS signIn, sign_out AS signOut, minutes FROM attendance`,
    ),
    ...all<ClaimRecord>(
      `SELECT 'completion' AS kind, uid, serial, result, assessed_on AS assessedOn, attendance_pct AS attendancePct FROM completion`,
    ),
    ...localFailures(ctx.db).map((f): ClaimRecord => ({ kind: 'holderFailure', ...f })),
    ...all<ClaimRecord>(
      `SELECT 'certificate' AS kind, uid, serial, type, number, occupation_code AS occupationCode, level, issuing_body AS issuingBody, issued_on AS issuedOn FROM certificate WHERE serial IS NOT NULL`,
    ),
  ];
}

export function exportClaims(ctx: Ctx): { text: string; records: number } {
  requireMode(ctx.db, 'institution');
  const pkg: ClaimPackage = {
    packageId: randomUUID(),
    institutionCode: setting(ctx.db, 'institutionCode')!,
    createdAt: isoNow(ctx.clock),
    records: collectClaims(ctx),
  };
  return { text: signFile(CLAIM_FORMAT, pkg, ctx.keyring.signer(ctx.db, 'claims')), records: pkg.records.length };
}
