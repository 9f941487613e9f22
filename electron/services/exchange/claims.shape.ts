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
/**
 * A number an install gave (a UUID; a member's is its class's and the serial). Bounded: an index
 * entry has a size limit on PostgreSQL (a 5,000-character number failed the import with an internal
 * error), and the bureau keeps the number under the institution's id (claims.ids), which columns
 * limited to 64 characters must still hold.
 */
const Num = Str.min(1).max(100);
const ShortNum = Str.min(8).max(53);
const SessionShape = z.object({ signIn: Str, signOut: Str, minutes: z.number().int(), voided: z.boolean() });
export const ClaimPackageShape = z.object({
  packageId: Num,
  institutionCode: Str,
  records: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('redemption'),
        uid: Num,
        serial: Str,
        qrText: Str,
        redeemedAt: Str,
        holderConfirmed: z.boolean(),
      }),
      z.object({
        kind: z.literal('class'),
        uid: Num,
        name: Str,
        occupationCode: Str,
        level: Str,
        startDate: Str,
        endDate: Str,
        plannedHours: z.number().int(),
        teachers: Str,
      }),
      z.object({ kind: z.literal('member'), uid: Str.min(1).max(128), classUid: Num, serial: Str }),
      z.object({ kind: z.literal('holderFailure'), uid: ShortNum, serial: Str, at: Str }),
      z.object({
        kind: z.literal('attendance'),
        uid: Num,
        classUid: Num,
        serial: Str,
        sessionDate: Str,
        signIn: Str,
        signOut: Str.nullable(),
        minutes: z.number().int(),
      }),
      z.object({ kind: z.literal('signOut'), uid: Num, attendanceUid: Num, signOut: Str, minutes: z.number().int() }),
      z.object({
        kind: z.literal('attendanceAdjustment'),
        uid: ShortNum,
        type: z.enum(['makeup', 'correction']),
        attendanceUid: Num,
        classUid: Num,
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
        uid: Num,
        serial: Str,
        result: z.enum(['passed', 'failed']),
        assessedOn: Str,
        attendancePct: z.number().int(),
      }),
      z.object({
        kind: z.literal('certificate'),
        uid: Num,
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
