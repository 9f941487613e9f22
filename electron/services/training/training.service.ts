// Training progress recorded by the institution: classes built from redeemed vouchers,
// attendance per session, completion and the certificate. The same code runs at the bureau's
// install and at an institution's own install; at the bureau the voucher moves on with it.
import { randomUUID } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Candidate, ClassDetail, ClassSummary, RosterEntry } from '../../../shared/contract/schemas/training';
import { levelMinHours, listOccupations } from '../../db/repos/catalog.repo';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import * as repo from '../../db/repos/training.repo';
import { findVoucherIdBySerial, getVoucher, setStatus } from '../../db/repos/voucher.repo';
import { isoNow } from '../../core/clock';
import type { WriteCtx } from '../../core/context';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import {
  claimsOf,
  entryOf,
  holderOf,
  hoursText,
  minAttendancePct,
  minutesShort,
  myInstitutionCode,
  ownClass,
  ownRedemption,
  percent,
  requiredHours,
  rosterEntry,
  todayOf,
} from './common';
import { signAll, signById, signOne } from './signing';

type Names = Record<string, string>;

export async function occupationNames(ctx: Pick<Ctx, 'db'>): Promise<Names> {
  return Object.fromEntries((await listOccupations(ctx.db)).map((o) => [o.code, o.name]));
}

/**
 * A voucher is trained in a class of its own occupation and level: otherwise a 三级 voucher could
 * sit out a short 五级 class and the level's 最低学时 would mean nothing.
 */
export function termsMismatch(
  v: { occupation: string; level: string },
  c: { occupationCode: string; level: string; name: string },
  serial: string,
  names: Names = {},
): string | null {
  if (v.level === c.level && v.occupation === c.occupationCode) return null;
  const terms = (o: string, l: string) => `${names[o] ?? o} ${skillLevel(l)?.label ?? l}`;
  return `券号 ${serial} 是“${terms(v.occupation, v.level)}”的培训券，培训班“${c.name}”培训“${terms(c.occupationCode, c.level)}”：培训券只能编入同一职业（工种）和等级的培训班`;
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
 * The attendance rate of a trainee of class `c` from the attendance on record, and why it does not
 * allow passing (below 最低出勤率), or null. Used again by the bureau on an institution's claims.
 */
export async function attendanceShortfall(
  ctx: Ctx,
  serial: string,
  c: { plannedHours: number; level: string },
): Promise<{ pct: number; why: string | null }> {
  const minutes = await repo.attendedMinutes(ctx.db, serial);
  const hours = await requiredHours(ctx, c);
  const pct = percent(minutes, hours);
  const min = await minAttendancePct(ctx);
  if (pct >= min) return { pct, why: null };
  // Say what is missing in hours, which is what the teacher can schedule; the rate alone is not.
  const short = hoursText(minutesShort(minutes, hours, min));
  const done = hoursText(minutes);
  return {
    pct,
    why: `出勤率 ${pct}% 低于最低要求 ${min}%：还差 ${short}（已出勤 ${done}，按 ${hours} 学时计须达到 ${hoursText(Math.ceil((min * hours * 60) / 100))}），不能结业`,
  };
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
      roster: (await repo.roster(ctx.db, c.uid, todayOf(ctx))).map((r) => rosterEntry(r, hours)),
    };
  },

  /** Every redeemed voucher not yet in a class; those of another occupation or level say why not. */
  'class:candidates': async (ctx: Ctx, input: ChannelParsed<'class:candidates'>): Promise<Candidate[]> => {
    const c = await ownClass(ctx, input.uid);
    const names = await occupationNames(ctx);
    return (await repo.candidates(ctx.db, await myInstitutionCode(ctx))).map((r) => {
      const v = claimsOf(r.qr_text);
      return {
        serial: r.serial,
        ...holderOf(r.qr_text, r.worker_name),
        redeemedAt: r.redeemed_at,
        occupationCode: v?.occupation ?? '',
        level: v?.level ?? '',
        mismatch: v ? termsMismatch(v, c, r.serial, names) : null,
      };
    });
  },

  'class:addMembers': async (ctx: WriteCtx, input: ChannelParsed<'class:addMembers'>): Promise<ClassSummary> => {
    const c = await ownClass(ctx, input.uid);
    const names = await occupationNames(ctx);
    for (const serial of input.serials) {
      const v = claimsOf((await ownRedemption(ctx, serial)).qr_text);
      const why = v && termsMismatch(v, c, serial, names);
      if (why) throw new AppError('RULE', why);
      const other = await repo.memberClass(ctx.db, serial);
      if (other) throw new AppError('CONFLICT', `券号 ${serial} 已在${other === c.uid ? '本班' : '其他班级'}中`);
      await repo.addMember(ctx.db, c.uid, serial);
    }
    await ctx.audit({ action: 'addMembers', entity: 'class', entityId: c.uid, after: { serials: input.serials } });
    return (await repo.getClass(ctx.db, c.uid))!;
  },

  'attendance:sign': async (ctx: WriteCtx, input: ChannelParsed<'attendance:sign'>): Promise<RosterEntry> => {
    const c = await ownClass(ctx, input.classUid);
    if ((await repo.memberClass(ctx.db, input.serial)) !== c.uid)
      throw new AppError('RULE', `券号 ${input.serial} 不是本班学员`);
    await signOne(ctx, c, input.serial, input.action, input.sessionDate);
    return entryOf(ctx, c.uid, input.serial);
  },

  'attendance:signAll': signAll,
  'attendance:signById': signById,

  'completion:record': async (ctx: WriteCtx, input: ChannelParsed<'completion:record'>): Promise<RosterEntry> => {
    await ownRedemption(ctx, input.serial);
    const uid = await repo.memberClass(ctx.db, input.serial);
    if (!uid) throw new AppError('RULE', '学员尚未编入培训班');
    if (await repo.findCompletion(ctx.db, input.serial)) throw new AppError('CONFLICT', '已记录结业考核结果');
    const c = (await repo.getClass(ctx.db, uid))!;
    // The bureau refuses a completion dated before the class (claims.import.ts): an install must not
    // accept one it would then send in vain.
    if (input.assessedOn < c.startDate)
      throw new AppError('VALIDATION', `考核日期不能早于开班日期（${c.startDate}）`, {
        fields: { assessedOn: '早于开班日期' },
      });
    if (input.assessedOn > todayOf(ctx))
      throw new AppError('VALIDATION', '考核日期不能晚于今天', { fields: { assessedOn: '晚于今天' } });
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

  'certificate:record': async (ctx: WriteCtx, input: ChannelParsed<'certificate:record'>): Promise<RosterEntry> => {
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
