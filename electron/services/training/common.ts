// What every training channel needs: whose class and whose voucher it is, the hours attendance is
// measured against, and a trainee's line of the roster.
import type { RosterEntry } from '../../../shared/contract/schemas/training';
import { checkIdNumber, localDate, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { getInstitution, levelMinHours } from '../../db/repos/catalog.repo';
import { findRedemption } from '../../db/repos/redemption.repo';
import { getSettings } from '../../db/repos/settings.repo';
import * as repo from '../../db/repos/training.repo';
import type { Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { decodeText } from '../qr/cose';
import { decodeVoucherClaims, VOUCHER_PREFIX, type VoucherClaims } from '../qr/voucherClaims';

export async function myInstitutionCode(ctx: Ctx): Promise<string> {
  const id = ctx.session?.user.institutionId;
  const inst = id ? await getInstitution(ctx.db, id) : undefined;
  if (!inst) throw new AppError('FORBIDDEN', '只有培训机构操作员可以记录培训过程');
  return inst.code;
}

export function claimsOf(qrText: string): VoucherClaims | null {
  const d = decodeText(qrText, [VOUCHER_PREFIX]);
  return d.ok ? decodeVoucherClaims(d.claims) : null;
}

/**
 * The trainee as the institution may see them: the full name where this install has the worker's
 * record (the institution has the person and their ID card in front of it), else the QR's masked
 * name; never more of the ID number than its last 4 digits.
 */
export function holderOf(qrText: string, workerName: string | null = null): { holderName: string; idLast4: string } {
  const c = claimsOf(qrText);
  return { holderName: workerName ?? c?.holderName ?? '?', idLast4: c?.idLast4 ?? '' };
}

/** Today's date on the bureau's clock (a session's date is the local day it happens on). */
export const todayOf = (ctx: Pick<Ctx, 'clock'>) => localDate(ctx.clock.now());

export async function minAttendancePct(ctx: Ctx): Promise<number> {
  return (await getSettings(ctx.db)).minAttendancePct;
}

export async function ownClass(ctx: Ctx, uid: string) {
  const c = await repo.getClass(ctx.db, uid);
  if (!c || c.institutionCode !== (await myInstitutionCode(ctx))) throw notFound('培训班');
  return c;
}

export async function ownRedemption(ctx: Ctx, serial: string) {
  const r = await findRedemption(ctx.db, serial);
  if (!r || r.institution_code !== (await myInstitutionCode(ctx)))
    throw new AppError('RULE', `券号 ${serial} 未由本机构核销`);
  return r;
}

/**
 * Attendance is measured against the class's planned hours, and never against fewer than its
 * level's 最低学时: a class opened before the minimum existed (or below a raised one) cannot make
 * an hour of attendance count as a whole course.
 */
export async function requiredHours(ctx: Ctx, c: { plannedHours: number; level: string }): Promise<number> {
  return Math.max(c.plannedHours, await levelMinHours(ctx.db, c.level));
}

export function percent(minutes: number, hours: number): number {
  return Math.min(100, Math.floor((minutes * 100) / (hours * 60)));
}

/** Minutes still to attend before the rate reaches `minPct` of `hours` (0 when it does). */
export function minutesShort(minutes: number, hours: number, minPct: number): number {
  return Math.max(0, Math.ceil((minPct * hours * 60) / 100) - minutes);
}

/** 8.5 小时: what is still missing, rounded up to a tenth so that attending it is enough. */
export const hoursText = (minutes: number) => `${(Math.ceil(minutes / 6) / 10).toFixed(1).replace(/\.0$/, '')} 小时`;

export function rosterEntry(r: repo.RosterRow, hours: number): RosterEntry {
  return {
    serial: r.serial,
    ...holderOf(r.qr_text, r.worker_name),
    minutes: r.minutes,
    attendancePct: percent(r.minutes, hours),
    openSession: r.open_session,
    today: r.today,
    makeups: Number(r.makeups),
    corrections: Number(r.corrections),
    completion: r.completion,
    certificateNumber: r.certificate,
  };
}

/**
 * The one trainee's line of the roster, after signing, completion or a certificate: decoding every
 * member's QR for one line made a day's sign-ins of a class quadratic in its size.
 */
export async function entryOf(ctx: Ctx, uid: string, serial: string): Promise<RosterEntry> {
  const c = (await repo.getClass(ctx.db, uid))!;
  const [row] = await repo.roster(ctx.db, uid, todayOf(ctx), serial);
  return rosterEntry(row!, await requiredHours(ctx, c));
}

/** Minutes between two ISO times, at most 12 hours: one session never counts a day and a night. */
export function sessionMinutes(signIn: string, signOut: string): number {
  return Math.max(0, Math.min(720, Math.round((Date.parse(signOut) - Date.parse(signIn)) / 60_000)));
}

/** 'HH:mm' on a session's date, in the install's local time, as an ISO instant. */
export function atLocal(date: string, time: string): string {
  return new Date(`${date}T${time}:00`).toISOString();
}

/** The one form of an ID number its fingerprint is taken of (a 15-digit number as its 18-digit form). */
export function idKey(raw: string): string {
  const c = checkIdNumber(raw, { allowUnlistedAddress: true });
  return c.ok ? c.idNumber : normalizeIdNumber(raw);
}
