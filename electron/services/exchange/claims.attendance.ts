// The bureau replays an institution's sign-outs, 补签 and 更正 (see claims.export.ts): a sign-out
// closes a session that arrived open; a makeup creates its session; a correction applies only to
// the session as it said it found it, and the bureau keeps the reason, who and when, as sent.
import * as attendance from '../../db/repos/attendance.repo';
import * as training from '../../db/repos/training.repo';
import type { WriteCtx } from '../../core/context';
import type { Institution } from '../../../shared/contract/schemas/catalog';
import { sessionMinutes } from '../training/common';
import { findRedemption } from '../../db/repos/redemption.repo';
import { localDate } from '../../../shared/domain/idNumber';
import { EARLIEST_DAY, LATEST_DAY } from '../../../shared/contract/schemas/common';
import type { ClaimRecord } from './claims.export';

/** A record that does not hold: claims.import.ts reports it as a conflict and leaves it out. */
export class ClaimConflict extends Error {}

type Change = Extract<ClaimRecord, { kind: 'signOut' | 'attendanceAdjustment' }>;
type Adjustment = Extract<ClaimRecord, { kind: 'attendanceAdjustment' }>;

const iso = (t: string, what: string) => {
  if (!isInstant(t)) throw new ClaimConflict(`${what}无效`);
  return new Date(Date.parse(t)).toISOString();
};

/**
 * A real instant as toISOString() writes it. Date.parse rolls an impossible day forward (2024-02-30 is
 * 1 March), so the text must come back unchanged: else 30 February and 1 March were two sessions of
 * one real day (a red-team's finding).
 */
export function isInstant(t: string): boolean {
  if (!ISO_TIME.test(t)) return false;
  const ms = Date.parse(t);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === t.slice(0, 19);
}

/** An instant as toISOString() writes it (the install's clock): nothing looser is a time of a record. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A day's leeway for an install's clock set wrong. */
export const CLOCK_LEEWAY_MS = 24 * 3_600_000;

/** The latest local day a record may bear: today, with the leeway. */
export const latestDay = (ctx: WriteCtx) => localDate(new Date(ctx.clock.now().getTime() + CLOCK_LEEWAY_MS));

/** A date a record names (考勤, 结业考核, 发证): a calendar day, nothing looser. */
export function claimDay(day: string, what: string): string {
  if (!DAY.test(day) || !isInstant(`${day}T00:00:00Z`) || day < EARLIEST_DAY || day > LATEST_DAY)
    throw new ClaimConflict(`${what}“${day.slice(0, 20)}”无效`);
  return day;
}

/**
 * A session's date and times held to the install's own rules (a red-team's finding: they were taken
 * on the package's word, so future sessions claimed as 24 hours each completed a trainee on the day of
 * redemption): within the class's dates and not ahead of today; a sign-in not before the redemption
 * and within a day of its date; signed out after. Its minutes are then counted by the bureau's rule.
 */
export async function checkSession(
  ctx: WriteCtx,
  c: { startDate: string; endDate: string },
  serial: string,
  s: { date: string; signIn: string; signOut: string | null },
  /** A sign-in is made once the voucher is redeemed; a 补签 online may name an earlier day of the class. */
  opts: { afterRedemption: boolean },
): Promise<{ signIn: string; signOut: string | null; minutes: number }> {
  const date = claimDay(s.date, '考勤日期');
  if (date > latestDay(ctx)) throw new ClaimConflict(`考勤日期（${date}）晚于今天，请核对机构电脑的日期`);
  if (date < c.startDate || date > c.endDate)
    throw new ClaimConflict(`考勤日期 ${date} 不在开班日期 ${c.startDate} 至 ${c.endDate} 之内`);
  const redeemed = opts.afterRedemption ? await findRedemption(ctx.db, serial) : undefined;
  if (redeemed && date < localDate(new Date(redeemed.redeemed_at)))
    throw new ClaimConflict(`考勤日期 ${date} 早于核销日期`);
  const signIn = iso(s.signIn, '签到时间');
  // Within a day of it: the install counts days in its time zone, this process in its own (a county
  // server left on UTC is eight hours behind the schools' China Standard Time).
  if (Math.abs(Date.parse(signIn) - Date.parse(`${date}T12:00:00Z`)) > 36 * 3_600_000)
    throw new ClaimConflict(`签到时间不在考勤日期 ${date} 当天`);
  if (s.signOut === null) return { signIn, signOut: null, minutes: 0 };
  const signOut = iso(s.signOut, '签退时间');
  if (signOut < signIn) throw new ClaimConflict('签退时间早于签到时间');
  if (Date.parse(signOut) > ctx.clock.now().getTime() + CLOCK_LEEWAY_MS)
    throw new ClaimConflict('签退时间晚于今天，请核对机构电脑的日期');
  return { signIn, signOut, minutes: sessionMinutes(signIn, signOut) };
}

async function ownSession(ctx: WriteCtx, inst: Institution, uid: string) {
  const s = await attendance.getSession(ctx.db, uid);
  if (!s) throw new ClaimConflict('对应的考勤记录未被接受');
  if ((await training.getClass(ctx.db, s.class_uid))?.institutionCode !== inst.code)
    throw new ClaimConflict('培训班记录不存在');
  return s;
}

/** The session as the adjustment leaves it, checked and its minutes counted by the bureau's own rule. */
async function afterOf(ctx: WriteCtx, c: { startDate: string; endDate: string }, r: Adjustment) {
  const at = await checkSession(
    ctx,
    c,
    r.serial,
    { date: r.sessionDate, signIn: r.after.signIn, signOut: r.after.signOut },
    { afterRedemption: false },
  );
  const minutes = r.after.voided ? 0 : at.minutes;
  return { sign_in: at.signIn, sign_out: at.signOut!, minutes, voided: r.after.voided ? (1 as const) : (0 as const) };
}

async function applyAdjustment(ctx: WriteCtx, inst: Institution, r: Adjustment) {
  const c = await training.getClass(ctx.db, r.classUid);
  if (c?.institutionCode !== inst.code) throw new ClaimConflict('培训班记录不存在');
  if ((await training.memberClass(ctx.db, r.serial)) !== r.classUid) throw new ClaimConflict('学员不在该培训班');
  if (await training.findCompletion(ctx.db, r.serial)) throw new ClaimConflict('已有结业记录，考勤不再更改');
  const after = await afterOf(ctx, c, r);
  let before: { sign_in: string; sign_out: string | null; minutes: number; voided: 0 | 1 } | null = null;
  let change = true;
  if (r.type === 'makeup') {
    if (r.before) throw new ClaimConflict('补签记录不应有更正前内容');
    if (
      (await attendance.getSession(ctx.db, r.attendanceUid)) ||
      (await attendance.sessionOn(ctx.db, r.classUid, r.serial, r.sessionDate))
    )
      throw new ClaimConflict(`${r.sessionDate} 已有签到记录，补签未予接受`);
    await training.insertAttendance(ctx.db, {
      uid: r.attendanceUid,
      classUid: r.classUid,
      serial: r.serial,
      date: r.sessionDate,
      at: after.sign_in,
    });
    await training.closeAttendance(ctx.db, r.attendanceUid, after.sign_out, after.minutes);
  } else {
    const s = await ownSession(ctx, inst, r.attendanceUid);
    // The trainee, class and day it names are those of the session it changes (checked above for
    // completion, class dates): another trainee's session is not changed under this one's name.
    if (s.serial !== r.serial || s.class_uid !== r.classUid || s.session_date !== r.sessionDate)
      throw new ClaimConflict('更正记录与所更正的考勤记录不符（学员、班级或日期不同）');
    if (!r.before) throw new ClaimConflict('更正记录缺少更正前内容');
    const same = (x: typeof s, y: { signIn: string; signOut: string | null; voided: boolean }) =>
      x.sign_in === iso(y.signIn, '签到时间') &&
      x.sign_out === (y.signOut === null ? null : iso(y.signOut, '签退时间')) &&
      (x.voided === 1) === y.voided;
    // Found as it was before: apply it. Already as it is after (sent in its later state): keep the history only.
    if (!same(s, r.before)) {
      if (!same(s, r.after)) throw new ClaimConflict('考勤记录与更正前的内容不符，更正未予接受');
      change = false;
    }
    before = change
      ? s
      : {
          sign_in: iso(r.before.signIn, '签到时间'),
          sign_out: r.before.signOut === null ? null : iso(r.before.signOut, '签退时间'),
          minutes: r.before.minutes,
          voided: r.before.voided ? 1 : 0,
        };
  }
  await attendance.insertAdjustment(ctx.db, {
    uid: r.uid,
    kind: r.type,
    attendance_uid: r.attendanceUid,
    class_uid: r.classUid,
    serial: r.serial,
    session_date: r.sessionDate,
    before_sign_in: before?.sign_in ?? null,
    before_sign_out: before?.sign_out ?? null,
    before_minutes: before?.minutes ?? null,
    before_voided: before?.voided ?? null,
    ...after,
    reason: r.reason,
    recorded_at: iso(r.recordedAt, '记录时间'),
    recorded_by: null,
    recorded_by_name: r.recordedBy.slice(0, 64) || inst.name.slice(0, 64),
    source: 'claim',
  });
  if (change && r.type === 'correction') await attendance.setSession(ctx.db, r.attendanceUid, after);
}

/** Applies a sign-out or an adjustment; what does not hold is thrown as a ClaimConflict. */
export async function applyAttendanceChange(ctx: WriteCtx, inst: Institution, r: Change): Promise<void> {
  if (r.kind === 'signOut') {
    // An install numbers a session's sign-out after the session: the anomaly list finds the session a
    // late sign-out closed by that number (迟报).
    if (r.uid !== `${r.attendanceUid}:out`) throw new ClaimConflict('签退记录的编号与其考勤记录不符');
    const s = await ownSession(ctx, inst, r.attendanceUid);
    if (s.sign_out !== null) return;
    const out = iso(r.signOut, '签退时间');
    if (out < s.sign_in) throw new ClaimConflict('签退时间早于签到时间');
    if (Date.parse(out) > ctx.clock.now().getTime() + CLOCK_LEEWAY_MS)
      throw new ClaimConflict('签退时间晚于今天，请核对机构电脑的日期');
    await training.closeAttendance(ctx.db, s.uid, out, sessionMinutes(s.sign_in, out));
    return;
  }
  await applyAdjustment(ctx, inst, r);
}
