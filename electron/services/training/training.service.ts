// Training progress recorded by the institution: classes built from redeemed vouchers,
// attendance per session, completion and the certificate. The same code runs at the bureau's
// install and at an institution's own install; at the bureau the voucher moves on with it.
import { randomUUID } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Candidate, ClassDetail, ClassSummary, RosterEntry } from '../../../shared/contract/schemas/training';
import { localDate } from '../../../shared/domain/idNumber';
import { getInstitution, levelMinHours } from '../../db/repos/catalog.repo';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import { findRedemption } from '../../db/repos/redemption.repo';
import * as repo from '../../db/repos/training.repo';
import { findVoucherIdBySerial, getVoucher, setStatus } from '../../db/repos/voucher.repo';
import { isoNow } from '../../core/clock';
import type { WriteCtx } from '../../core/context';
import { actorId, type Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { decodeText } from '../qr/cose';
import { decodeVoucherClaims, VOUCHER_PREFIX } from '../qr/voucherClaims';
import { getSettings } from '../../db/repos/settings.repo';

export async function myInstitutionCode(ctx: Ctx): Promise<string> {
  const id = ctx.session?.user.institutionId;
  const inst = id ? await getInstitution(ctx.db, id) : undefined;
  if (!inst) throw new AppError('FORBIDDEN', '只有培训机构操作员可以记录培训过程');
  return inst.code;
}

export function holderOf(qrText: string): { holderName: string; idLast4: string } {
  const d = decodeText(qrText, [VOUCHER_PREFIX]);
  const c = d.ok ? decodeVoucherClaims(d.claims) : null;
  return { holderName: c?.holderName ?? '?', idLast4: c?.idLast4 ?? '' };
}

/**
 * A voucher is trained in a class of its own occupation and level: otherwise a 三级 voucher could
 * sit out a short 五级 class and the level's 最低学时 would mean nothing.
 */
export function termsMismatch(
  v: { occupation: string; level: string },
  c: { occupationCode: string; level: string; name: string },
  serial: string,
): string | null {
  if (v.level === c.level && v.occupation === c.occupationCode) return null;
  const terms = (o: string, l: string) => `${o} ${skillLevel(l)?.label ?? l}`;
  return `券号 ${serial} 的培训项目为 ${terms(v.occupation, v.level)}，与培训班“${c.name}”（${terms(c.occupationCode, c.level)}）不符，不能编入`;
}

function sameTerms(qrText: string, c: { occupationCode: string; level: string; name: string }, serial: string) {
  const d = decodeText(qrText, [VOUCHER_PREFIX]);
  const v = d.ok ? decodeVoucherClaims(d.claims) : null;
  const why = v && termsMismatch(v, c, serial);
  if (why) throw new AppError('RULE', why);
}

async function minAttendancePct(ctx: Ctx): Promise<number> {
  return (await getSettings(ctx.db)).minAttendancePct;
}

async function ownClass(ctx: Ctx, uid: string) {
  const c = await repo.getClass(ctx.db, uid);
  if (!c || c.institutionCode !== (await myInstitutionCode(ctx))) throw notFound('培训班');
  return c;
}

async function ownRedemption(ctx: Ctx, serial: string) {
  const r = await findRedemption(ctx.db, serial);
  if (!r || r.institution_code !== (await myInstitutionCode(ctx)))
    throw new AppError('RULE', `券号 ${serial} 未由本机构核销`);
  return r;
}

/** At the bureau the voucher row follows the training; an institution install has none. */
async function advanceVoucher(
  ctx: WriteCtx,
  serial: string,
  from: 'redeemed' | 'completed',
  to: 'completed' | 'certified',
  note: string,
) {
  const id = await findVoucherIdBySerial(ctx.db, serial);
  if (id === undefined) return;
  const status = (await getVoucher(ctx.db, id))!.status;
  if (status !== from) throw new AppError('RULE', `培训券当前状态不能记录${note}`);
  await setStatus(ctx.db, id, from, to, isoNow(ctx.clock), actorId(ctx), note);
}

/**
 * Attendance is measured against the class's planned hours, and never against fewer than its
 * level's 最低学时: a class opened before the minimum existed (or below a raised one) cannot make
 * an hour of attendance count as a whole course.
 */
async function requiredHours(ctx: Ctx, c: { plannedHours: number; level: string }): Promise<number> {
  return Math.max(c.plannedHours, await levelMinHours(ctx.db, c.level));
}

function rosterEntry(r: repo.RosterRow, hours: number): RosterEntry {
  return {
    serial: r.serial,
    ...holderOf(r.qr_text),
    minutes: r.minutes,
    attendancePct: percent(r.minutes, hours),
    openSession: r.open_session,
    completion: r.completion,
    certificateNumber: r.certificate,
  };
}

/**
 * The one trainee's line of the roster, after signing, completion or a certificate: decoding every
 * member's QR for one line made a day's sign-ins of a class quadratic in its size.
 */
async function entryOf(ctx: Ctx, uid: string, serial: string): Promise<RosterEntry> {
  const c = (await repo.getClass(ctx.db, uid))!;
  const row = (await repo.roster(ctx.db, uid)).find((r) => r.serial === serial)!;
  return rosterEntry(row, await requiredHours(ctx, c));
}

function percent(minutes: number, hours: number): number {
  return Math.min(100, Math.floor((minutes * 100) / (hours * 60)));
}

/**
 * The attendance rate of a trainee of class `c` from the attendance on record, and why it does not
 * allow passing (below 最低出勤率), or null. Used again by the bureau on an institution's claims.
 */
export async function attendanceShortfall(
  ctx: Ctx,
  serial: string,
  c: { plannedHours: number; level: string },
): Promise<{ pct: number; why: string | null }> {
  const pct = percent(await repo.attendedMinutes(ctx.db, serial), await requiredHours(ctx, c));
  const min = await minAttendancePct(ctx);
  return { pct, why: pct < min ? `出勤率 ${pct}% 低于最低要求 ${min}%，不能结业` : null };
}

export async function belowMinimumHours(ctx: Ctx, c: { plannedHours: number; level: string }): Promise<string | null> {
  const min = await levelMinHours(ctx.db, c.level);
  if (c.plannedHours >= min) return null;
  return `${skillLevel(c.level)?.label ?? c.level}培训的计划学时不能少于 ${min} 小时（现为 ${c.plannedHours} 小时）。最低学时由人社局在“系统管理 → 最低学时”中设定`;
}

export const trainingHandlers = {
  'class:list': async (ctx: Ctx): Promise<ClassSummary[]> => repo.listClasses(ctx.db, await myInstitutionCode(ctx)),

  'class:create': async (ctx: WriteCtx, input: ChannelParsed<'class:create'>): Promise<ClassSummary> => {
    const short = await belowMinimumHours(ctx, input);
    if (short) throw new AppError('VALIDATION', short, { fields: { plannedHours: short } });
    const uid = randomUUID();
    await repo.insertClass(ctx.db, {
      uid,
      institutionCode: await myInstitutionCode(ctx),
      createdAt: isoNow(ctx.clock),
      ...input,
    });
    const after = (await repo.getClass(ctx.db, uid))!;
    await ctx.audit({ action: 'create', entity: 'class', entityId: uid, after });
    return after;
  },

  'class:get': async (ctx: Ctx, input: ChannelParsed<'class:get'>): Promise<ClassDetail> => {
    const c = await ownClass(ctx, input.uid);
    const { institutionCode: _code, ...summary } = c;
    const hours = await requiredHours(ctx, c);
    return {
      ...summary,
      minAttendancePct: await minAttendancePct(ctx),
      roster: (await repo.roster(ctx.db, c.uid)).map((r) => rosterEntry(r, hours)),
    };
  },

  'class:candidates': async (ctx: Ctx, input: ChannelParsed<'class:candidates'>): Promise<Candidate[]> => {
    await ownClass(ctx, input.uid);
    return (await repo.candidates(ctx.db, await myInstitutionCode(ctx))).map((r) => ({
      serial: r.serial,
      ...holderOf(r.qr_text),
      redeemedAt: r.redeemed_at,
    }));
  },

  'class:addMembers': async (ctx: WriteCtx, input: ChannelParsed<'class:addMembers'>): Promise<ClassSummary> => {
    const c = await ownClass(ctx, input.uid);
    for (const serial of input.serials) {
      sameTerms((await ownRedemption(ctx, serial)).qr_text, c, serial);
      const other = await repo.memberClass(ctx.db, serial);
      if (other) throw new AppError('CONFLICT', `券号 ${serial} 已在${other === c.uid ? '本班' : '其他班级'}中`);
      await repo.addMember(ctx.db, c.uid, serial);
    }
    await ctx.audit({ action: 'addMembers', entity: 'class', entityId: c.uid, after: { serials: input.serials } });
    return (await repo.getClass(ctx.db, c.uid))!;
  },

  'attendance:sign': async (
    ctx: WriteCtx,
    input: ChannelParsed<'attendance:sign'>,
  ): Promise<ClassDetail['roster'][number]> => {
    const c = await ownClass(ctx, input.classUid);
    if ((await repo.memberClass(ctx.db, input.serial)) !== c.uid)
      throw new AppError('RULE', `券号 ${input.serial} 不是本班学员`);
    const now = ctx.clock.now();
    const date = input.sessionDate ?? localDate(now);
    if (date < c.startDate || date > c.endDate)
      throw new AppError('RULE', `签到日期 ${date} 不在开班日期 ${c.startDate} 至 ${c.endDate} 之内`);
    const open = await repo.openAttendance(ctx.db, c.uid, input.serial, date);
    if (input.action === 'in') {
      if (open) throw new AppError('CONFLICT', `${date} 已签到`);
      await repo.insertAttendance(ctx.db, {
        uid: randomUUID(),
        classUid: c.uid,
        serial: input.serial,
        date,
        at: now.toISOString(),
      });
    } else {
      if (!open || open.sign_out) throw new AppError('RULE', `${date} 尚未签到或已签退`);
      // A forgotten sign-out must not count a whole day and night: one session counts at most 12 hours.
      const minutes = Math.max(0, Math.min(720, Math.round((now.getTime() - Date.parse(open.sign_in)) / 60_000)));
      await repo.closeAttendance(ctx.db, open.uid, now.toISOString(), minutes);
    }
    await ctx.audit({
      action: input.action === 'in' ? 'signIn' : 'signOut',
      entity: 'attendance',
      entityId: input.serial,
      after: { class: c.uid, date },
    });
    return entryOf(ctx, c.uid, input.serial);
  },

  'completion:record': async (
    ctx: WriteCtx,
    input: ChannelParsed<'completion:record'>,
  ): Promise<ClassDetail['roster'][number]> => {
    await ownRedemption(ctx, input.serial);
    const uid = await repo.memberClass(ctx.db, input.serial);
    if (!uid) throw new AppError('RULE', '学员尚未编入培训班');
    if (await repo.findCompletion(ctx.db, input.serial)) throw new AppError('CONFLICT', '已记录结业考核结果');
    const c = (await repo.getClass(ctx.db, uid))!;
    const { pct, why } = await attendanceShortfall(ctx, input.serial, c);
    if (input.result === 'passed' && why) throw new AppError('RULE', why);
    await repo.insertCompletion(ctx.db, {
      serial: input.serial,
      uid: randomUUID(),
      result: input.result,
      assessedOn: input.assessedOn,
      pct,
      at: isoNow(ctx.clock),
    });
    if (input.result === 'passed') await advanceVoucher(ctx, input.serial, 'redeemed', 'completed', '结业');
    await ctx.audit({
      action: 'complete',
      entity: 'voucher',
      entityId: input.serial,
      after: { result: input.result, attendancePct: pct },
    });
    return entryOf(ctx, uid, input.serial);
  },

  'certificate:record': async (
    ctx: WriteCtx,
    input: ChannelParsed<'certificate:record'>,
  ): Promise<ClassDetail['roster'][number]> => {
    await ownRedemption(ctx, input.serial);
    if ((await repo.findCompletion(ctx.db, input.serial))?.result !== 'passed')
      throw new AppError('RULE', '结业考核合格后才能登记证书');
    const used = await repo.certificateByNumber(ctx.db, input.number);
    if (used)
      throw new AppError(
        'CONFLICT',
        `证书编号 ${input.number} 已被使用${used.serial ? `（券号 ${used.serial}）` : ''}`,
        { fields: { number: '证书编号已被使用' } },
      );
    const voucherId = await findVoucherIdBySerial(ctx.db, input.serial);
    const workerId = voucherId === undefined ? null : (await getVoucher(ctx.db, voucherId))!.workerId;
    await repo.insertCertificate(ctx.db, {
      uid: randomUUID(),
      workerId,
      historical: 0,
      at: isoNow(ctx.clock),
      ...input,
    });
    await advanceVoucher(ctx, input.serial, 'completed', 'certified', '取证');
    await ctx.audit({
      action: 'certify',
      entity: 'voucher',
      entityId: input.serial,
      after: { number: input.number, type: input.type },
    });
    const uid = (await repo.memberClass(ctx.db, input.serial))!;
    return entryOf(ctx, uid, input.serial);
  },
};
