import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Page } from '../../../shared/contract/schemas/common';
import {
  VOUCHER_STATUS_LABELS,
  type EligibilityResult,
  type VerifyResult,
  type VoucherDetail,
  type VoucherListItem,
  type VoucherStatus,
} from '../../../shared/contract/schemas/voucher';
import { localDateTime } from '../../../shared/domain/idNumber';
import { checkSerial, normalizeFallbackCode } from '../../../shared/domain/serial';
import { getInstitution, getOccupation, getPlan } from '../../db/repos/catalog.repo';
import {
  findVoucherIdByFallback,
  findVoucherIdBySerial,
  getVoucher,
  listVouchers,
  setStatus,
} from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { findRedemption, institutionNameByCode } from '../../db/repos/redemption.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { checkEligibility, prepareTerms, ruleSettings } from './eligibility';
import { expireDue } from './expiry';
import { checkFundSource, issueVoucher, today } from './issue';
import { sourcesFor } from './sources';
import { isExtractText, verifyExtractText } from '../archive/extractVerify';
import { verifyVoucherText, type VerifySources } from './verify';

function loadWorker(ctx: Ctx, id: number) {
  const w = getWorker(ctx.db, id);
  if (!w) throw notFound('劳动者');
  return w;
}

function loadVoucher(ctx: Ctx, id: number): VoucherDetail {
  const v = getVoucher(ctx.db, id);
  if (!v) throw notFound('培训券');
  return v;
}

function eligibility(ctx: Ctx, input: ChannelParsed<'voucher:check'>) {
  const worker = loadWorker(ctx, input.workerId);
  const day = today(ctx);
  const prepared = prepareTerms(ctx.db, input, day);
  return { worker, prepared, outcome: checkEligibility(ctx.db, worker, prepared, day, ruleSettings(ctx.db)) };
}

/** The bureau's own view for verification: its keys, its records, its catalogue names. */
export function bureauSources(ctx: Pick<Ctx, 'db' | 'keyring' | 'clock'>): VerifySources {
  return {
    publicKey: (kid) => ctx.keyring.publicKey(ctx.db, kid),
    state: (serial) => {
      const id = findVoucherIdBySerial(ctx.db, serial);
      const v = id ? getVoucher(ctx.db, id) : undefined;
      if (!v) return null;
      const r = findRedemption(ctx.db, serial);
      const by = r ? (institutionNameByCode(ctx.db, r.institution_code) ?? r.institution_code) : null;
      return {
        status: v.status,
        revokeReason: v.revokeReason,
        redeemedBy: by,
        redeemedAt: r ? localDateTime(r.redeemed_at) : null,
      };
    },
    authoritative: true,
    names: {
      plan: (id) => getPlan(ctx.db, id)?.name ?? null,
      occupation: (code) => getOccupation(ctx.db, code)?.name ?? null,
      institution: (id) => getInstitution(ctx.db, id)?.name ?? null,
    },
    today: today(ctx),
  };
}

/** A typed serial or fallback code stands for the QR printed on that voucher. */
/** Vouchers and archive extracts share one verify screen and one CLI command. */
export function verifyAny(ctx: Pick<Ctx, 'db' | 'keyring' | 'clock'>, text: string, idNumber?: string): VerifyResult {
  const sources = sourcesFor(ctx);
  if (isExtractText(text)) return verifyExtractText(text, sources, ctx.db);
  return verifyVoucherText(resolveTyped(ctx, text), sources, idNumber);
}

export function resolveTyped(ctx: Pick<Ctx, 'db'>, text: string): string {
  const serial = checkSerial(text);
  const code = normalizeFallbackCode(text);
  const id = serial.ok
    ? findVoucherIdBySerial(ctx.db, serial.serial)
    : code
      ? findVoucherIdByFallback(ctx.db, code)
      : undefined;
  return id ? getVoucher(ctx.db, id)!.qrText : text;
}

export const voucherHandlers = {
  'voucher:check': (ctx: Ctx, input: ChannelParsed<'voucher:check'>): EligibilityResult => {
    const { outcome } = eligibility(ctx, input);
    return { eligible: outcome.refusals.length === 0, refusals: outcome.refusals, amountFen: outcome.amountFen };
  },

  'voucher:issue': (ctx: Ctx, input: ChannelParsed<'voucher:issue'>): VoucherDetail => {
    checkFundSource(ctx.db, input.fundSource);
    const { worker, prepared, outcome } = eligibility(ctx, input);
    if (outcome.refusals.length > 0) {
      throw new AppError('RULE', outcome.refusals.map((r) => r.message).join('；'), {
        detail: { refusals: outcome.refusals },
      });
    }
    const v = issueVoucher(ctx, ctx.keyring.signer(ctx.db), worker, prepared, input);
    const after = loadVoucher(ctx, v.id);
    ctx.audit({
      action: 'issue',
      entity: 'voucher',
      entityId: v.id,
      after: {
        serial: v.serial,
        workerId: worker.id,
        planId: v.planId,
        occupationCode: v.occupationCode,
        level: v.level,
        amountFen: v.amountFen,
      },
    });
    return after;
  },

  'voucher:list': (ctx: Ctx, input: ChannelParsed<'voucher:list'>): Page<VoucherListItem> => {
    expireDue(ctx);
    const { items, total } = listVouchers(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    return { items, total, page: input.page, pageSize: input.pageSize };
  },

  'voucher:get': (ctx: Ctx, input: ChannelParsed<'voucher:get'>): VoucherDetail => loadVoucher(ctx, input.id),

  'voucher:revoke': (ctx: Ctx, input: ChannelParsed<'voucher:revoke'>): VoucherDetail => {
    const before = loadVoucher(ctx, input.id);
    if (before.status !== 'issued' && before.status !== 'redeemed') {
      throw new AppError('RULE', `培训券当前状态为“${statusLabel(before.status)}”，不能作废`);
    }
    setStatus(ctx.db, input.id, before.status, 'revoked', isoNow(ctx.clock), actorId(ctx), input.reason, input.reason);
    const after = loadVoucher(ctx, input.id);
    ctx.audit({
      action: 'revoke',
      entity: 'voucher',
      entityId: input.id,
      before: { status: before.status },
      after: { status: 'revoked', reason: input.reason },
    });
    return after;
  },

  'voucher:reissue': (ctx: Ctx, input: ChannelParsed<'voucher:reissue'>): VoucherDetail => {
    const old = loadVoucher(ctx, input.id);
    if (old.status !== 'issued')
      throw new AppError('RULE', `只有未使用的培训券可以补发，此券状态为“${statusLabel(old.status)}”`);
    const at = isoNow(ctx.clock);
    setStatus(ctx.db, old.id, 'issued', 'revoked', at, actorId(ctx), `补发：${input.reason}`, `补发：${input.reason}`);
    const worker = loadWorker(ctx, old.workerId);
    const terms = {
      planId: old.planId,
      occupationCode: old.occupationCode,
      level: old.level,
      institutionId: old.institutionId,
    };
    const day = today(ctx);
    const prepared = prepareTerms(ctx.db, terms, day);
    const outcome = checkEligibility(ctx.db, worker, prepared, day, ruleSettings(ctx.db));
    if (outcome.refusals.length > 0) throw new AppError('RULE', outcome.refusals.map((r) => r.message).join('；'));
    const v = issueVoucher(
      ctx,
      ctx.keyring.signer(ctx.db),
      worker,
      { ...prepared, amountFen: old.amountFen },
      { fundSource: old.fundSource, replacesId: old.id },
    );
    ctx.audit({
      action: 'revoke',
      entity: 'voucher',
      entityId: old.id,
      before: { status: 'issued' },
      after: { status: 'revoked', reason: `补发：${input.reason}`, replacedBy: v.serial },
    });
    ctx.audit({
      action: 'reissue',
      entity: 'voucher',
      entityId: v.id,
      after: { serial: v.serial, replaces: old.serial },
    });
    return loadVoucher(ctx, v.id);
  },

  'voucher:verify': (ctx: Ctx, input: ChannelParsed<'voucher:verify'>): VerifyResult =>
    verifyAny(ctx, input.text, input.idNumber),
};

const statusLabel = (s: VoucherStatus) => VOUCHER_STATUS_LABELS[s];
