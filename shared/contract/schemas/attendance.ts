// 考勤 beyond one sign-in at a time (issue 16 §3): the whole class at once, by ID card, 补签 of a
// missed session and 更正 of a wrong one — each with its reason, kept beside the session.
import { z } from 'zod';
import { IsoDate } from './common';
import type { RosterEntry } from './training';
import { recordNumber, Serial, Uid } from './training';

/** A time of day on the session's date, as the operator reads it off the sign-in sheet. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 时:分，如 08:30');
export const AdjustReason = z
  .string({ error: '请填写原因' })
  .trim()
  .min(2, '原因至少 2 个字')
  .max(200, '原因最多 200 字');

export const SignAllInput = z.object({ classUid: Uid, action: z.enum(['in', 'out']) }).strict();

export const SignByIdInput = z
  .object({ classUid: Uid, idNumber: z.string().trim().min(1, '请输入或扫描身份证号').max(40) })
  .strict();

export const MakeupInput = z
  .object({
    classUid: Uid,
    serial: Serial,
    sessionDate: IsoDate,
    signIn: ClockTime,
    signOut: ClockTime,
    reason: AdjustReason,
  })
  .strict()
  .refine((m) => m.signOut > m.signIn, { message: '签退时间应晚于签到时间', path: ['signOut'] });

export const CorrectInput = z
  .object({
    attendanceUid: recordNumber('考勤记录编号不正确'),
    /** 'times': the session's real sign-in and sign-out; 'void': the sign-in should not have been made. */
    action: z.enum(['times', 'void'], { error: '请选择更正方式' }),
    signIn: ClockTime.optional(),
    signOut: ClockTime.optional(),
    reason: AdjustReason,
  })
  .strict()
  .refine((c) => c.action === 'void' || (c.signIn !== undefined && c.signOut !== undefined), {
    message: '请填写实际的签到和签退时间',
    path: ['signOut'],
  })
  .refine((c) => c.action === 'void' || c.signOut! > c.signIn!, {
    message: '签退时间应晚于签到时间',
    path: ['signOut'],
  });

export const SessionsInput = z.object({ classUid: Uid, serial: Serial }).strict();
export const TrainingRecordInput = z.object({ serial: Serial }).strict();

export interface SignAllResult {
  action: 'in' | 'out';
  date: string;
  done: number;
  skipped: { serial: string; holderName: string; why: string }[];
}

export interface SignByIdResult {
  action: 'in' | 'out';
  entry: RosterEntry;
}

export interface SessionState {
  signIn: string;
  signOut: string | null;
  minutes: number;
  voided: boolean;
}

export interface AttendanceAdjustment {
  kind: 'makeup' | 'correction';
  reason: string;
  recordedAt: string;
  recordedBy: string;
  before: SessionState | null;
  after: SessionState;
}

export interface AttendanceSession extends SessionState {
  uid: string;
  sessionDate: string;
  adjustments: AttendanceAdjustment[];
}

/** One voucher's training as recorded: the class, every session, completion and certificate. */
export interface TrainingRecord {
  serial: string;
  holderName: string;
  idLast4: string;
  institutionName: string;
  redeemedAt: string;
  klass: {
    uid: string;
    name: string;
    occupationCode: string;
    occupationName: string;
    level: string;
    startDate: string;
    endDate: string;
    plannedHours: number;
    /** The hours attendance is measured against: the planned hours, never under the level's minimum. */
    requiredHours: number;
    teachers: string;
  } | null;
  minutes: number;
  attendancePct: number;
  minAttendancePct: number;
  sessions: AttendanceSession[];
  makeups: number;
  corrections: number;
  completion: { result: 'passed' | 'failed'; assessedOn: string; attendancePct: number } | null;
  certificate: {
    type: string;
    number: string;
    occupationCode: string;
    level: string;
    issuingBody: string;
    issuedOn: string;
  } | null;
}
