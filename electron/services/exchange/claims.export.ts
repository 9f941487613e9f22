// 申报包: everything an institution install recorded — redemptions, classes, rosters, attendance,
// completions and certificates — signed with the institution's key. Cumulative: the bureau skips
// records it has already seen, so exporting everything every time is safe.
import { randomUUID } from 'node:crypto';
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

export async function collectClaims(ctx: Pick<Ctx, 'db'>): Promise<ClaimRecord[]> {
  const r = await localClaimRows(ctx.db);
  return [
    ...r.redemptions.map((x): ClaimRecord => ({ kind: 'redemption', ...x, holderConfirmed: x.holderConfirmed === 1 })),
    ...r.classes.map((x): ClaimRecord => ({ kind: 'class', ...x })),
    ...r.members.map((x): ClaimRecord => ({ kind: 'member', ...x })),
    ...r.attendance.map((x): ClaimRecord => ({ kind: 'attendance', ...x })),
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
