// 补签 (a missed session recorded afterwards) and 更正 (a wrong sign-in set right or voided), each
// with its reason, by whom and when. The adjustment row is written first and the session then
// changed to what it says: the database refuses any other change of a closed session, and never
// deletes one. The bureau sees them in the trainee's record and the anomaly list counts them.
import { randomUUID } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { AttendanceSession, SessionState } from '../../../shared/contract/schemas/attendance';
import type { RosterEntry } from '../../../shared/contract/schemas/training';
import * as attendance from '../../db/repos/attendance.repo';
import * as repo from '../../db/repos/training.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx, type WriteCtx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { atLocal, entryOf, ownClass, sessionMinutes, todayOf } from './common';

type Klass = { uid: string; startDate: string; endDate: string };

function stateOf(s: { sign_in: string; sign_out: string | null; minutes: number; voided: number }): SessionState {
  return { signIn: s.sign_in, signOut: s.sign_out, minutes: s.minutes, voided: s.voided === 1 };
}

/** A session's times on its own date, never later than now. */
function times(ctx: Pick<Ctx, 'clock'>, date: string, signIn: string, signOut: string) {
  const at = { sign_in: atLocal(date, signIn), sign_out: atLocal(date, signOut) };
  if (at.sign_out > isoNow(ctx.clock))
    throw new AppError('VALIDATION', '签退时间不能晚于现在', { fields: { signOut: '签退时间不能晚于现在' } });
  return { ...at, minutes: sessionMinutes(at.sign_in, at.sign_out) };
}

/** Attendance is no longer changed once the assessment is on record: it was judged on it. */
async function beforeCompletion(ctx: Ctx, serial: string) {
  if (await repo.findCompletion(ctx.db, serial)) throw new AppError('RULE', '已记录结业考核结果，不能再补签或更正考勤');
}

async function member(ctx: Ctx, c: Klass, serial: string) {
  if ((await repo.memberClass(ctx.db, serial)) !== c.uid) throw new AppError('RULE', `券号 ${serial} 不是本班学员`);
  await beforeCompletion(ctx, serial);
}

const who = (ctx: Ctx) => ({
  recorded_at: isoNow(ctx.clock),
  recorded_by: actorId(ctx),
  recorded_by_name: ctx.session?.user.displayName ?? ctx.session?.user.username ?? '系统',
  source: 'local' as const,
});

export async function makeup(ctx: WriteCtx, input: ChannelParsed<'attendance:makeup'>): Promise<RosterEntry> {
  const c = await ownClass(ctx, input.classUid);
  await member(ctx, c, input.serial);
  const date = input.sessionDate;
  if (date < c.startDate || date > c.endDate)
    throw new AppError('VALIDATION', `补签日期 ${date} 不在开班日期 ${c.startDate} 至 ${c.endDate} 之内`, {
      fields: { sessionDate: '不在开班日期之内' },
    });
  if (date > todayOf(ctx))
    throw new AppError('VALIDATION', '不能为将来的日期补签', { fields: { sessionDate: '不能为将来的日期补签' } });
  if (await attendance.sessionOn(ctx.db, c.uid, input.serial, date))
    throw new AppError('CONFLICT', `${date} 已有签到记录：如时间不对，请在考勤明细中“更正”`);
  const at = times(ctx, date, input.signIn, input.signOut);
  const uid = randomUUID();
  await repo.insertAttendance(ctx.db, { uid, classUid: c.uid, serial: input.serial, date, at: at.sign_in });
  await repo.closeAttendance(ctx.db, uid, at.sign_out, at.minutes);
  await attendance.insertAdjustment(ctx.db, {
    uid: randomUUID(),
    kind: 'makeup',
    attendance_uid: uid,
    class_uid: c.uid,
    serial: input.serial,
    session_date: date,
    before_sign_in: null,
    before_sign_out: null,
    before_minutes: null,
    before_voided: null,
    ...at,
    voided: 0,
    reason: input.reason,
    ...who(ctx),
  });
  await ctx.audit({
    action: 'makeup',
    entity: 'attendance',
    entityId: input.serial,
    after: { class: c.uid, date, signIn: at.sign_in, signOut: at.sign_out, minutes: at.minutes, reason: input.reason },
  });
  return entryOf(ctx, c.uid, input.serial);
}

export async function correct(ctx: WriteCtx, input: ChannelParsed<'attendance:correct'>): Promise<RosterEntry> {
  const s = await attendance.getSession(ctx.db, input.attendanceUid);
  if (!s) throw notFound('考勤记录');
  const c = await ownClass(ctx, s.class_uid);
  await member(ctx, c, s.serial);
  const after =
    input.action === 'void'
      ? { sign_in: s.sign_in, sign_out: s.sign_out ?? s.sign_in, minutes: 0, voided: 1 as const }
      : { ...times(ctx, s.session_date, input.signIn!, input.signOut!), voided: 0 as const };
  if (
    after.sign_in === s.sign_in &&
    after.sign_out === s.sign_out &&
    after.minutes === s.minutes &&
    after.voided === s.voided
  )
    throw new AppError('VALIDATION', '更正后的内容与原记录相同');
  await attendance.insertAdjustment(ctx.db, {
    uid: randomUUID(),
    kind: 'correction',
    attendance_uid: s.uid,
    class_uid: c.uid,
    serial: s.serial,
    session_date: s.session_date,
    before_sign_in: s.sign_in,
    before_sign_out: s.sign_out,
    before_minutes: s.minutes,
    before_voided: s.voided,
    ...after,
    reason: input.reason,
    ...who(ctx),
  });
  await attendance.setSession(ctx.db, s.uid, after);
  await ctx.audit({
    action: input.action === 'void' ? 'voidSession' : 'correct',
    entity: 'attendance',
    entityId: s.serial,
    before: { class: c.uid, date: s.session_date, ...stateOf(s) },
    after: { class: c.uid, date: s.session_date, ...stateOf(after), reason: input.reason },
  });
  return entryOf(ctx, c.uid, s.serial);
}

/** A trainee's sessions in a class, each with its 补签 / 更正 history. */
export async function sessionsWithHistory(ctx: Ctx, classUid: string, serial: string): Promise<AttendanceSession[]> {
  const adjustments = await attendance.adjustmentsOf(ctx.db, classUid, serial);
  return (await attendance.sessionsOf(ctx.db, classUid, serial)).map((s) => ({
    uid: s.uid,
    sessionDate: s.session_date,
    ...stateOf(s),
    adjustments: adjustments
      .filter((a) => a.attendance_uid === s.uid)
      .map((a) => ({
        kind: a.kind,
        reason: a.reason,
        recordedAt: a.recorded_at,
        recordedBy: a.recorded_by_name,
        before:
          a.before_sign_in === null
            ? null
            : stateOf({
                sign_in: a.before_sign_in,
                sign_out: a.before_sign_out,
                minutes: a.before_minutes!,
                voided: a.before_voided!,
              }),
        after: stateOf(a),
      })),
  }));
}

export const adjustmentHandlers = {
  'attendance:makeup': makeup,
  'attendance:correct': correct,
  'attendance:sessions': async (
    ctx: Ctx,
    input: ChannelParsed<'attendance:sessions'>,
  ): Promise<AttendanceSession[]> => {
    const c = await ownClass(ctx, input.classUid);
    if ((await repo.memberClass(ctx.db, input.serial)) !== c.uid)
      throw new AppError('RULE', `券号 ${input.serial} 不是本班学员`);
    return sessionsWithHistory(ctx, c.uid, input.serial);
  },
};
