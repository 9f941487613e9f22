// The shape a claim package must have to be applied at all, and the order of its records' kinds.
import { z } from 'zod';
import type { ClaimRecord } from './claims.export';

/** The order a package's records are applied in: what each kind needs comes before it. */
export const ORDER: ClaimRecord['kind'][] = [
  'holderFailure',
  'redemption',
  'class',
  'member',
  'attendance',
  'signOut',
  'attendanceAdjustment',
  'completion',
  'certificate',
];

/**
 * What a package must hold to be applied at all. The signature proves who sent it, not that the
 * sending install wrote it well: a package broken inside is refused whole, as one that is not
 * an array of records always was, instead of failing half-way with an internal error.
 */
const Str = z.string();
const SessionShape = z.object({ signIn: Str, signOut: Str, minutes: z.number().int(), voided: z.boolean() });
export const ClaimPackageShape = z.object({
  packageId: Str.min(1),
  institutionCode: Str,
  records: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('redemption'),
        uid: Str,
        serial: Str,
        qrText: Str,
        redeemedAt: Str,
        holderConfirmed: z.boolean(),
      }),
      z.object({
        kind: z.literal('class'),
        uid: Str,
        name: Str,
        occupationCode: Str,
        level: Str,
        startDate: Str,
        endDate: Str,
        plannedHours: z.number().int(),
        teachers: Str,
      }),
      z.object({ kind: z.literal('member'), uid: Str, classUid: Str, serial: Str }),
      z.object({ kind: z.literal('holderFailure'), uid: Str.min(8).max(64), serial: Str, at: Str }),
      z.object({
        kind: z.literal('attendance'),
        uid: Str,
        classUid: Str,
        serial: Str,
        sessionDate: Str,
        signIn: Str,
        signOut: Str.nullable(),
        minutes: z.number().int(),
      }),
      z.object({ kind: z.literal('signOut'), uid: Str, attendanceUid: Str, signOut: Str, minutes: z.number().int() }),
      z.object({
        kind: z.literal('attendanceAdjustment'),
        uid: Str.min(8).max(64),
        type: z.enum(['makeup', 'correction']),
        attendanceUid: Str,
        classUid: Str,
        serial: Str,
        sessionDate: Str,
        before: SessionShape.extend({ signOut: Str.nullable() }).nullable(),
        after: SessionShape,
        reason: Str,
        recordedAt: Str,
        recordedBy: Str,
      }),
      z.object({
        kind: z.literal('completion'),
        uid: Str,
        serial: Str,
        result: z.enum(['passed', 'failed']),
        assessedOn: Str,
        attendancePct: z.number().int(),
      }),
      z.object({
        kind: z.literal('certificate'),
        uid: Str,
        serial: Str,
        type: Str,
        number: Str,
        occupationCode: Str,
        level: Str,
        issuingBody: Str,
        issuedOn: Str,
      }),
    ]),
  ),
});
