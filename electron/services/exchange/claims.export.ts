// 申报包: everything an institution install recorded — redemptions, classes, rosters, attendance,
// completions and certificates — signed with the institution's key. Cumulative: the bureau skips
// records it has already seen, so exporting everything every time is safe.
//
// A session travels as it was first recorded ('attendance', with its sign-out if it had one), its
// sign-out once more on its own ('signOut', for a session sent while still open), and each 补签 and
// 更正 as a record of its own ('attendanceAdjustment', what it was and what it became, with the
// reason), which the bureau replays in order: the bureau ends with the same sessions and the same
// history, and no record ever has to be sent again with other contents under the same id.
import { randomUUID } from 'node:crypto';
import { localAdjustments, type AdjustmentRow } from '../../db/repos/attendance.repo';
import { localClaimRows, setting } from '../../db/repos/exchange.repo';
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
  /** The sign-out of a session first sent while it was open. */
  | { kind: 'signOut'; uid: string; attendanceUid: string; signOut: string; minutes: number }
  /** 补签 or 更正: `before` is null for a makeup, which creates its session. */
  | {
      kind: 'attendanceAdjustment';
      uid: string;
      type: 'makeup' | 'correction';
      attendanceUid: string;
      classUid: string;
      serial: string;
      sessionDate: string;
      before: { signIn: string; signOut: string | null; minutes: number; voided: boolean } | null;
      after: { signIn: string; signOut: string; minutes: number; voided: boolean };
      reason: string;
      recordedAt: string;
      recordedBy: string;
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

/**
 * Sessions as first recorded, their sign-outs, and the adjustments after. A session's first state is
 * what its first correction says it was; a session a makeup created is sent by the makeup alone.
 */
async function attendanceClaims(db: Ctx['db'], sessions: LocalSession[]): Promise<ClaimRecord[]> {
  const adjustments = await localAdjustments(db);
  const first = new Map<string, AdjustmentRow>();
  for (const a of adjustments) if (!first.has(a.attendance_uid)) first.set(a.attendance_uid, a);
  const out: ClaimRecord[] = [];
  for (const s of sessions) {
    const a = first.get(s.uid);
    if (a?.kind === 'makeup') continue;
    const original = a
      ? { signIn: a.before_sign_in!, signOut: a.before_sign_out, minutes: a.before_minutes! }
      : { signIn: s.signIn, signOut: s.signOut, minutes: s.minutes };
    out.push({ kind: 'attendance', ...s, ...original });
    if (original.signOut)
      out.push({
        kind: 'signOut',
        uid: `${s.uid}:out`,
        attendanceUid: s.uid,
        signOut: original.signOut,
        minutes: original.minutes,
      });
  }
  const state = (signIn: string, signOut: string | null, minutes: number, voided: number) => ({
    signIn,
    signOut,
    minutes,
    voided: voided === 1,
  });
  for (const a of adjustments)
    out.push({
      kind: 'attendanceAdjustment',
      uid: a.uid,
      type: a.kind,
      attendanceUid: a.attendance_uid,
      classUid: a.class_uid,
      serial: a.serial,
      sessionDate: a.session_date,
      before:
        a.before_sign_in === null
          ? null
          : state(a.before_sign_in, a.before_sign_out, a.before_minutes!, a.before_voided!),
      after: { ...state(a.sign_in, a.sign_out, a.minutes, a.voided), signOut: a.sign_out },
      reason: a.reason,
      recordedAt: a.recorded_at,
      recordedBy: a.recorded_by_name,
    });
  return out;
}

type LocalSession = Awaited<ReturnType<typeof localClaimRows>>['attendance'][number];

export async function collectClaims(ctx: Pick<Ctx, 'db'>): Promise<ClaimRecord[]> {
  const r = await localClaimRows(ctx.db);
  return [
    ...r.redemptions.map((x): ClaimRecord => ({ kind: 'redemption', ...x, holderConfirmed: x.holderConfirmed === 1 })),
    ...r.classes.map((x): ClaimRecord => ({ kind: 'class', ...x })),
    ...r.members.map((x): ClaimRecord => ({ kind: 'member', ...x })),
    ...(await attendanceClaims(ctx.db, r.attendance)),
    ...r.completions.map((x): ClaimRecord => ({ kind: 'completion', ...x })),
    ...(await localFailures(ctx.db)).map((f): ClaimRecord => ({ kind: 'holderFailure', ...f })),
    ...r.certificates.map((x): ClaimRecord => ({ kind: 'certificate', ...x })),
  ];
}

export async function exportClaims(ctx: Ctx): Promise<{ text: string; records: number }> {
  await requireMode(ctx.db, 'institution');
  const pkg: ClaimPackage = {
    packageId: randomUUID(),
    institutionCode: (await setting(ctx.db, 'institutionCode'))!,
    createdAt: isoNow(ctx.clock),
    records: await collectClaims(ctx),
  };
  return { text: signFile(CLAIM_FORMAT, pkg, await ctx.keyring.signer(ctx.db, 'claims')), records: pkg.records.length };
}
