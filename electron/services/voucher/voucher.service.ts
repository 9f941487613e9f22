import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Page } from '../../../shared/contract/schemas/common';
import {
  VOUCHER_STATUS_LABELS,
  type EligibilityResult,
  type IssuedVoucher,
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
import { holderIdNumber } from '../../db/repos/holder.repo';
import { holdOf, sameIdNumber } from './holder';
import { verifyWithHolder } from './holderCheck';
import { result, type VerifySources } from './verify';
import { decodeText } from '../qr/cose';
import { decodeVoucherClaims, VOUCHER_PREFIX } from '../qr/voucherClaims';

function loadWorker(ctx: Ctx, id: number) {
  const w = getWorker(ctx.db, id);
  if (!w) throw notFound('劳动者');
  return w;
}

/** Roles that issue and print vouchers see the 备用码 and QR text, which redeem it; reviewers do not. */
const SEES_REDEMPTION_SECRETS = new Set(['admin', 'clerk']);

function loadVoucher(ctx: Ctx, id: number): VoucherDetail {
  const v = getVoucher(ctx.db, id);
  if (!v) throw notFound('培训券');
  const secrets = SEES_REDEMPTION_SECRETS.has(ctx.session?.user.role ?? '');
  return {
    ...v,
    fallbackCode: secrets ? v.fallbackCode : null,
    qrText: secrets ? v.qrText : null,
    hold: holdOf(ctx, v.serial),
  };
}

/** What the clerk who just issued (or reissued) a voucher gets: always with what prints on it. */
function loadIssued(ctx: Ctx, id: number): IssuedVoucher {
  const v = getVoucher(ctx.db, id)!;
  return { ...v, hold: null };
}

function eligibility(ctx: Ctx, input: ChannelParsed<'voucher:check'>) {
  const worker = loadWorker(ctx, input.workerId);
  const day = today(ctx);
  const prepared = prepareTerms(ctx.db, input, day);
  return { worker, prepared, outcome: checkEligibility(ctx.db, worker, prepared, day, ruleSettings(ctx.db)) };
}

/** The bureau's own view for verification: its keys, its records, its catalogue names. */
export function bureauSources(ctx: Pick<Ctx, 'db' | 'keyring' | 'clock'>): VerifySources {
  const record = (serial: string) => {
    const id = findVoucherIdBySerial(ctx.db, serial);
    return id ? getVoucher(ctx.db, id) : undefined;
  };
  return {
    publicKey: (kid) => ctx.keyring.publicKey(ctx.db, kid),
    state: (serial) => {
      const v = record(serial);
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
    // The worker's record is the truth here; the QR's holder MAC is not needed for the comparison.
    holder: (claims, idNumber) => {
      const stored = holderIdNumber(ctx.db, claims.serial);
      if (stored === undefined) return 'unavailable';
      return sameIdNumber(stored, idNumber) ? 'match' : 'mismatch';
    },
    hold: (serial) => holdOf(ctx, serial),
    names: {
      plan: (id) => getPlan(ctx.db, id)?.name ?? null,
      occupation: (code) => getOccupation(ctx.db, code)?.name ?? null,
      institution: (id) => getInstitution(ctx.db, id)?.name ?? null,
    },
    today: today(ctx),
  };
}

/** Roles that may look a voucher up by its serial alone: bureau staff, who see the records anyway. */
const SERIAL_LOOKUP_ROLES = new Set(['admin', 'clerk', 'reviewer']);

export const SERIAL_ONLY_MESSAGE =
  '仅凭券号不能核验或核销：请扫描券面二维码，或输入券面上的 10 位备用码（如 7KQ2-M9X-4TD）';

/**
 * A typed fallback code (a secret printed on the voucher) stands for its QR; so does a typed serial,
 * but only for bureau staff and never for redemption: serials are printed in lists and on receipts,
 * and knowing one must not be enough to use the voucher. Null when a serial alone is refused.
 */
export function resolveTyped(ctx: Pick<Ctx, 'db'>, text: string, allowSerial: boolean): string | null {
  const serial = checkSerial(text);
  if (serial.ok) {
    if (!allowSerial) return null;
    const id = findVoucherIdBySerial(ctx.db, serial.serial);
    return id ? getVoucher(ctx.db, id)!.qrText : text;
  }
  const code = normalizeFallbackCode(text);
  const id = code ? findVoucherIdByFallback(ctx.db, code) : undefined;
  return id ? getVoucher(ctx.db, id)!.qrText : text;
}

/** The refusal for a serial typed where only the QR or the fallback code will do. */
export function serialOnlyVerdict(s: VerifySources): VerifyResult {
  return result('serial_only', null, s, null, SERIAL_ONLY_MESSAGE);
}

/** The serial a QR text claims, without checking anything (for the audit of a lookup). */
function claimedSerial(text: string): string | null {
  const d = decodeText(text, [VOUCHER_PREFIX]);
  return d.ok ? (decodeVoucherClaims(d.claims)?.serial ?? null) : null;
}

/** Vouchers and archive extracts share one verify screen and one CLI command; bureau staff use it. */
export function verifyAny(ctx: Ctx, text: string, idNumber?: string): VerifyResult {
  const sources = sourcesFor(ctx);
  if (isExtractText(text)) return verifyExtractText(text, sources, ctx.db);
  const qr = resolveTyped(ctx, text, SERIAL_LOOKUP_ROLES.has(ctx.session?.user.role ?? ''));
  if (qr === null) return serialOnlyVerdict(sources);
  const verdict = verifyWithHolder(ctx, qr, sources, idNumber, { institutionCode: null });
  const serial = verdict.serial ?? claimedSerial(qr);
  // Who looked at which voucher is on record: lookups are how vouchers would be enumerated.
  if (serial) {
    ctx.audit({
      action: 'verify',
      entity: 'voucher',
      entityId: findVoucherIdBySerial(ctx.db, serial) ?? serial,
      after: { serial, reason: verdict.reason, holderChecked: Boolean(idNumber?.trim()) },
    });
  }
  return verdict;
}

export const voucherHandlers = {
  'voucher:check': (ctx: Ctx, input: ChannelParsed<'voucher:check'>): EligibilityResult => {
    const { outcome } = eligibility(ctx, input);
    return { eligible: outcome.refusals.length === 0, refusals: outcome.refusals, amountFen: outcome.amountFen };
  },

  'voucher:issue': (ctx: Ctx, input: ChannelParsed<'voucher:issue'>): IssuedVoucher => {
    checkFundSource(ctx.db, input.fundSource);
    const { worker, prepared, outcome } = eligibility(ctx, input);
    if (outcome.refusals.length > 0) {
      throw new AppError('RULE', outcome.refusals.map((r) => r.message).join('；'), {
        detail: { refusals: outcome.refusals },
      });
    }
    const v = issueVoucher(ctx, ctx.keyring.signer(ctx.db, 'voucher'), worker, prepared, input);
    const after = loadIssued(ctx, v.id);
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

  'voucher:reissue': (ctx: Ctx, input: ChannelParsed<'voucher:reissue'>): IssuedVoucher => {
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
      ctx.keyring.signer(ctx.db, 'voucher'),
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
    return loadIssued(ctx, v.id);
  },
};

const statusLabel = (s: VoucherStatus) => VOUCHER_STATUS_LABELS[s];
