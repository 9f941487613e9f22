// 签到 / 签退: one trainee, the whole class at once (全班签到 / 全班签退), or the trainee found by the
// ID card scanned at the door. A sign-in is always today's session: a missed one is made good by
// 补签 with a reason (adjustments.ts), never by signing in for another day.
import { randomUUID } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { SignAllResult, SignByIdResult } from '../../../shared/contract/schemas/attendance';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import * as attendance from '../../db/repos/attendance.repo';
import { setHolderFingerprint } from '../../db/repos/redemption.repo';
import * as repo from '../../db/repos/training.repo';
import type { WriteCtx } from '../../core/context';
import { AppError } from '../../core/errors';
import { sourcesFor } from '../voucher/sources';
import { claimsOf, entryOf, holderOf, idKey, ownClass, sessionMinutes, todayOf } from './common';

type Klass = { uid: string; startDate: string; endDate: string };

function withinDates(c: Klass, date: string) {
  if (date < c.startDate || date > c.endDate)
    throw new AppError('RULE', `签到日期 ${date} 不在开班日期 ${c.startDate} 至 ${c.endDate} 之内`);
}

/** Why today's sign-in cannot be made for a trainee whose session today is `s`, or null. */
function cannotSignIn(s: attendance.SessionRow | undefined, date: string): string | null {
  if (!s) return null;
  if (s.voided) return `${date} 的签到已作废：如确已到课，请用“更正”填写实际时间`;
  return s.sign_out ? `${date} 已签到并签退` : `${date} 已签到`;
}

/**
 * Signs one member in (today only) or out. Signing out an earlier day's open session is still
 * allowed, at most 12 hours as always; the roster offers 更正 for it, which records the real time.
 */
export async function signOne(
  ctx: WriteCtx,
  c: Klass,
  serial: string,
  action: 'in' | 'out',
  sessionDate?: string,
): Promise<void> {
  const now = ctx.clock.now();
  const today = todayOf(ctx);
  const date = sessionDate ?? today;
  withinDates(c, date);
  if (action === 'in') {
    if (date !== today)
      throw new AppError(
        'RULE',
        date < today
          ? `不能为过去的日期（${date}）签到：漏签的场次请用“补签”，并填写原因`
          : `不能提前为 ${date} 签到：签到只记录今天（${today}）的场次`,
      );
    if (await repo.findCompletion(ctx.db, serial)) throw new AppError('RULE', '已记录结业考核结果，不再签到');
    const why = cannotSignIn(await attendance.sessionOn(ctx.db, c.uid, serial, date), date);
    if (why) throw new AppError('CONFLICT', why);
    await repo.insertAttendance(ctx.db, { uid: randomUUID(), classUid: c.uid, serial, date, at: now.toISOString() });
  } else {
    const open = await attendance.sessionOn(ctx.db, c.uid, serial, date);
    if (!open || open.sign_out) throw new AppError('RULE', `${date} 尚未签到或已签退`);
    // A forgotten sign-out must not count a whole day and night: one session counts at most 12 hours.
    await repo.closeAttendance(ctx.db, open.uid, now.toISOString(), sessionMinutes(open.sign_in, now.toISOString()));
  }
  await ctx.audit({
    action: action === 'in' ? 'signIn' : 'signOut',
    entity: 'attendance',
    entityId: serial,
    after: { class: c.uid, date },
  });
}

/** 全班签到 / 全班签退: everyone who can be, now; the others are listed with why not. */
export async function signAll(ctx: WriteCtx, input: ChannelParsed<'attendance:signAll'>): Promise<SignAllResult> {
  const c = await ownClass(ctx, input.classUid);
  const date = todayOf(ctx);
  withinDates(c, date);
  const skipped: SignAllResult['skipped'] = [];
  let done = 0;
  for (const r of await repo.roster(ctx.db, c.uid, date)) {
    const { holderName } = holderOf(r.qr_text, r.worker_name);
    const why =
      input.action === 'in'
        ? r.completion
          ? '已记录结业考核结果'
          : { none: null, in: '已签到', out: '今天已签到并签退', voided: '今天的签到已作废' }[r.today]
        : { none: '今天未签到', in: null, out: '已签退', voided: '今天的签到已作废' }[r.today];
    if (why) {
      skipped.push({ serial: r.serial, holderName, why });
      continue;
    }
    await signOne(ctx, c, r.serial, input.action);
    done++;
  }
  return { action: input.action, date, done, skipped };
}

/**
 * The member whose holder has this ID number: by the keyed fingerprint kept at redemption, else
 * (redeemed before version 14) by the holder check of each member not yet fingerprinted, whose
 * fingerprint is then kept so that the next scan is immediate.
 */
async function memberById(ctx: WriteCtx, classUid: string, idNumber: string): Promise<string | undefined> {
  const fp = ctx.secrets.fingerprint(idNumber);
  const known = await attendance.memberByFingerprint(ctx.db, classUid, fp);
  if (known) return known;
  const sources = await sourcesFor(ctx);
  for (const m of await attendance.membersWithoutFingerprint(ctx.db, classUid)) {
    const claims = claimsOf(m.qr_text);
    if (claims && (await sources.holder(claims, idNumber)) === 'match') {
      await setHolderFingerprint(ctx.db, m.serial, fp);
      return m.serial;
    }
  }
  return undefined;
}

/** 刷身份证签到: the first scan of the day signs the trainee in, the next one out. */
export async function signById(ctx: WriteCtx, input: ChannelParsed<'attendance:signById'>): Promise<SignByIdResult> {
  const c = await ownClass(ctx, input.classUid);
  const checked = checkIdNumber(input.idNumber, { today: ctx.clock.now(), allowUnlistedAddress: true });
  if (!checked.ok)
    throw new AppError('VALIDATION', `身份证号无效：${checked.message}`, { fields: { idNumber: checked.message } });
  const id = idKey(checked.idNumber);
  const serial = await memberById(ctx, c.uid, id);
  if (!serial)
    throw new AppError(
      'RULE',
      `身份证号尾号 ${id.slice(-4)} 的人不是本班学员：请核对证件，或先在“添加学员”中把他的培训券编入本班`,
    );
  const session = await attendance.sessionOn(ctx.db, c.uid, serial, todayOf(ctx));
  const action = session && !session.sign_out && !session.voided ? 'out' : 'in';
  await signOne(ctx, c, serial, action);
  return { action, entry: await entryOf(ctx, c.uid, serial) };
}
