// 核销: an institution accepts a voucher at enrolment, exactly once, after confirming the holder.
import { randomUUID } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Institution } from '../../../shared/contract/schemas/catalog';
import type { RedeemResult, VerifyReason, VerifyResult } from '../../../shared/contract/schemas/voucher';
import { getInstitution, findInstitutionByCode, isApproved } from '../../db/repos/catalog.repo';
import { insertRedemption } from '../../db/repos/redemption.repo';
import { getVoucher, lockVoucherRows, setStatus, type LockedVoucher } from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import type { WriteCtx } from '../../core/context';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { checkEligibility, prepareTerms, ruleSettings } from './eligibility';
import { today } from './issue';
import { installMode } from '../exchange/institution.service';
import { sourcesFor, type VoucherLookup } from './sources';
import { isExtractText } from '../archive/extractVerify';
import { normalizeFallbackCode } from '../../../shared/domain/serial';
import { cleanScan, inspectVoucherText, REASON_MESSAGES, result as verdictFor } from './verify';
import { checkHolder } from './holderCheck';
import { sameIdNumber } from './holder';
import { resolveTyped, serialOnlyVerdict, verifyAny } from './voucher.service';
import { idKey } from '../training/common';

type Input = ChannelParsed<'redeem:check'>;

const OFFLINE_FALLBACK_MESSAGE = '离线安装不能凭备用码核验：请扫描券面二维码，或联网到人社局核验';

/** Operators redeem for their own institution; administrators (and the CLI) name one. */
export async function redeemingInstitution(ctx: Ctx, code: string | undefined): Promise<Institution> {
  const user = ctx.session!.user;
  if (user.role === 'institutionOperator') {
    const own = await getInstitution(ctx.db, user.institutionId!);
    if (!own) throw new AppError('RULE', '账号绑定的培训机构不存在');
    if (code && code !== own.code) throw new AppError('FORBIDDEN', '只能以本机构名义核销');
    return own;
  }
  if (!code)
    throw new AppError('VALIDATION', '请指定核销的培训机构代码', { fields: { institutionCode: '请指定培训机构' } });
  const inst = await findInstitutionByCode(ctx.db, code);
  if (!inst) throw new AppError('VALIDATION', `培训机构代码 ${code} 不存在`);
  return inst;
}

const refuse = (v: VerifyResult, reason: VerifyReason, message = REASON_MESSAGES[reason]): VerifyResult => ({
  ...v,
  valid: false,
  reason,
  message,
});

/**
 * The verdict for this institution. Only the QR or the fallback code printed on the voucher will
 * do, never the serial alone. Where the voucher may be used is judged from its signed claims before
 * anything from the records (status, who redeemed it) or the holder, so a voucher this institution
 * could not redeem says no more than that, and no ID number is ever checked against it.
 */
export async function assess(
  ctx: WriteCtx,
  input: Input,
  inst: Institution,
  requireHolder: boolean,
  locked: VoucherLookup,
): Promise<VerifyResult> {
  const offline = (await installMode(ctx.db)).installMode === 'institution';
  // The voucher and its holder are locked at the first look at their records (once the signature
  // has checked out): redemptions of one voucher run beside each other on the county server (a
  // shared write), and the second must see what the first did, as it would behind the one writers'
  // lock. Offline, the records are the institution's own, and SQLite has one writer.
  const sources = await sourcesFor(ctx, locked);
  if (offline && normalizeFallbackCode(input.text)) {
    return verdictFor('malformed', null, sources, null, OFFLINE_FALLBACK_MESSAGE);
  }
  const qr = offline ? input.text : await resolveTyped(ctx, input.text, false);
  if (qr === null) return serialOnlyVerdict(sources);
  const inspected = await inspectVoucherText(qr, sources);
  const { verdict: v, claims } = inspected;
  if (!claims) return v;
  const bare = (reason: VerifyReason, message?: string) => verdictFor(reason, claims, sources, null, message);
  if (inst.status !== 'active') return bare('institution_suspended');
  if (claims.institutionId !== null && claims.institutionId !== inst.id) {
    return bare('other_institution', `此券为定向券，指定在“${v.voucher?.institutionName ?? '其他机构'}”使用`);
  }
  if (!(await isApproved(ctx.db, inst.id, claims.occupation, claims.level))) {
    return bare('not_approved', `本机构未获准开展 ${v.voucher?.occupationName ?? claims.occupation} 该等级的培训`);
  }
  if (!v.valid || !v.serial) return v;
  if (requireHolder && !input.idNumber?.trim()) return refuse(v, 'holder_required');
  const withHolder = await checkHolder(ctx, inspected, sources, input.idNumber, { institutionCode: inst.code });
  if (!withHolder.valid) return withHolder;
  // Offline there are no worker records: the bureau checks the rules again when the claim arrives.
  if (offline) return v;
  const voucher = (await getVoucher(ctx.db, (await locked(v.serial))!.id))!;
  const worker = (await getWorker(ctx.db, voucher.workerId))!;
  const day = today(ctx);
  const terms = {
    planId: voucher.planId,
    occupationCode: voucher.occupationCode,
    level: voucher.level,
    institutionId: null,
  };
  const { refusals } = await checkEligibility(
    ctx.db,
    worker,
    await prepareTerms(ctx.db, terms, day),
    day,
    await ruleSettings(ctx.db),
    voucher.id,
  );
  const standing = refusals.filter((r) => r.rule !== 'STANDARD');
  if (standing.length > 0) return refuse(v, 'rules', standing.map((r) => r.message).join('；'));
  return v;
}

/**
 * The voucher lookup of one redemption: locks the voucher and its holder the first time a serial is
 * looked up, and answers again from that (the transaction holds the lock until COMMIT; the id and
 * the holder's ID number cannot change under it).
 */
export function lockedVouchers(ctx: WriteCtx): VoucherLookup {
  const seen = new Map<string, Promise<LockedVoucher | undefined>>();
  return (serial) => {
    let p = seen.get(serial);
    if (!p) seen.set(serial, (p = lockVoucherRows(ctx.db, serial)));
    return p;
  };
}

/** Who looked at which voucher, and what they were told: lookups are how vouchers would be enumerated. */
async function audited(
  ctx: Ctx,
  action: string,
  inst: Institution,
  v: VerifyResult,
  locked: VoucherLookup,
  extra: { holderMatched?: boolean; byOperator?: boolean } = {},
): Promise<VerifyResult> {
  if (v.serial) {
    await ctx.audit({
      action,
      entity: 'voucher',
      entityId: (await locked(v.serial))?.id ?? v.serial,
      after: { serial: v.serial, reason: v.reason, institution: inst.code, ...extra },
    });
  }
  return v;
}

/**
 * A 核销 refused because the voucher was already used: was the holder's own ID number typed? Kept
 * in the audit row for 一券两家申报, which counts only such attempts (anyone holding a copy of the
 * QR could otherwise put a flag on the redeemer's batch). The operator is told the same either way,
 * and nothing is counted towards a hold: a redeemed voucher is not guessed at through this.
 */
async function holderTyped(v: VerifyResult, idNumber: string | undefined, locked: VoucherLookup): Promise<boolean> {
  if (!v.serial || !idNumber?.trim()) return false;
  const stored = (await locked(v.serial))?.holderIdNumber;
  return stored !== undefined && sameIdNumber(stored, idNumber);
}

/** Locks its voucher and holder itself (assess), so it may run beside other redemptions. */
export const redeemSharedWrites = ['redeem:confirm'] as const;

export const redeemHandlers = {
  /** A writing channel: a wrong holder ID number is recorded (and counts towards a hold). */
  'redeem:check': async (ctx: WriteCtx, input: Input): Promise<VerifyResult> => {
    const inst = await redeemingInstitution(ctx, input.institutionCode);
    const locked = lockedVouchers(ctx);
    return audited(ctx, 'check', inst, await assess(ctx, input, inst, false, locked), locked);
  },

  /** Bureau staff verify any voucher or extract; an operator verifies as their institution would redeem. */
  'voucher:verify': async (ctx: WriteCtx, input: ChannelParsed<'voucher:verify'>): Promise<VerifyResult> => {
    if (ctx.session?.user.role !== 'institutionOperator') return verifyAny(ctx, input.text, input.idNumber);
    if (isExtractText(input.text)) return verifyAny(ctx, input.text);
    const inst = await redeemingInstitution(ctx, undefined);
    const locked = lockedVouchers(ctx);
    return audited(ctx, 'verify', inst, await assess(ctx, input, inst, false, locked), locked);
  },

  /**
   * Runs in the dispatcher's IMMEDIATE transaction (on PostgreSQL a shared one, with the voucher and
   * its holder locked by assess): of two simultaneous attempts, the second sees the first.
   */
  'redeem:confirm': async (ctx: WriteCtx, input: ChannelParsed<'redeem:confirm'>): Promise<RedeemResult> => {
    const inst = await redeemingInstitution(ctx, input.institutionCode);
    const locked = lockedVouchers(ctx);
    const verdict = await assess(ctx, input, inst, true, locked);
    const result = (ok: boolean, at: string | null = null): RedeemResult => ({
      ok,
      reason: verdict.reason,
      message: ok
        ? `核销成功：${verdict.voucher!.holderName}，${verdict.voucher!.occupationName ?? ''}`
        : verdict.message,
      serial: verdict.serial,
      redeemedAt: at,
      institutionName: inst.name,
      verdict,
    });
    if (!verdict.valid) {
      // Who tried, as they stood then (an operator redeems only for its own institution): an account
      // moved to another institution later must not take the attempt off the record.
      const extra =
        verdict.reason === 'already_used'
          ? {
              holderMatched: await holderTyped(verdict, input.idNumber, locked),
              byOperator: ctx.session?.user.role === 'institutionOperator',
            }
          : {};
      return (await audited(ctx, 'refuseRedeem', inst, verdict, locked, extra), result(false));
    }
    const id = (await locked(verdict.serial!))?.id;
    const at = isoNow(ctx.clock);
    // Read before the status changes, while the voucher read by assess() is still at hand.
    const qrText = id !== undefined ? (await getVoucher(ctx.db, id))!.qrText : cleanScan(input.text);
    if (
      id !== undefined &&
      !(await setStatus(ctx.db, id, 'issued', 'redeemed', at, actorId(ctx), `${inst.name}核销`, {
        institutionId: inst.id,
      }))
    ) {
      throw new AppError('CONFLICT', '培训券已被核销，不能重复使用');
    }
    await insertRedemption(ctx.db, {
      serial: verdict.serial!,
      institution_code: inst.code,
      redeemed_at: at,
      redeemed_by: ctx.session?.user.username ?? null,
      holder_confirmed: 1,
      qr_text: qrText,
      source: 'local',
      record_uid: randomUUID(),
      // The ID number just confirmed: the trainee later signs in by scanning the same card.
      holder_fp: ctx.secrets.fingerprint(idKey(input.idNumber!)),
    });
    if (verdict.voucher) verdict.voucher.status = 'redeemed';
    await ctx.audit({
      action: 'redeem',
      entity: 'voucher',
      entityId: id,
      before: { status: 'issued' },
      after: { status: 'redeemed', institution: inst.code, at },
    });
    return result(true, at);
  },
};
