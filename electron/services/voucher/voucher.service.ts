import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Page } from '../../../shared/contract/schemas/common';
import {
  VOUCHER_STATUS_LABELS,
  type EligibilityResult,
  type RuleRefusal,
  type IssuedVoucher,
  type VerifyResult,
  type VoucherDetail,
  type VoucherListItem,
  type VoucherStatus,
} from '../../../shared/contract/schemas/voucher';
import { checkSerial, normalizeFallbackCode } from '../../../shared/domain/serial';
import {
  findVoucherIdByFallback,
  findVoucherIdBySerial,
  getVoucher,
  listVouchers,
  setStatus,
} from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx, type JobCtx, type WriteCtx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { townshipScope, workerNotFound, type TownshipScope } from '../../core/townshipScope';
import { checkEligibility, prepareTerms, ruleSettings } from './eligibility';
import { expireDue } from './expiry';
import { checkFundSource, draftVouchers, insertDrafts, issueWithRetry, today } from './issue';
import { sourcesFor } from './sources';
import { isExtractText, verifyExtractText } from '../archive/extractVerify';
import { holdOf } from './holder';
import { verifyWithHolder } from './holderCheck';
import { result, type VerifySources } from './verify';
import { decodeText } from '../qr/cose';
import { decodeVoucherClaims, VOUCHER_PREFIX } from '../qr/voucherClaims';

/** Only a worker the caller may serve (core/townshipScope): another township's reads as missing. */
async function loadWorker(ctx: Ctx, id: number) {
  const w = await getWorker(ctx.db, id, townshipScope(ctx));
  if (!w) throw workerNotFound();
  return w;
}

/** Roles that issue and print vouchers see the 备用码 and QR text, which redeem it; reviewers do not. */
const SEES_REDEMPTION_SECRETS = new Set(['admin', 'clerk']);

async function loadVoucher(ctx: Ctx, id: number): Promise<VoucherDetail> {
  const v = await getVoucher(ctx.db, id, townshipScope(ctx));
  if (!v) throw notFound('培训券');
  const secrets = SEES_REDEMPTION_SECRETS.has(ctx.session?.user.role ?? '');
  return {
    ...v,
    fallbackCode: secrets ? v.fallbackCode : null,
    qrText: secrets ? v.qrText : null,
    hold: await holdOf(ctx, v.serial),
  };
}

/** What the clerk who just issued (or reissued) a voucher gets: always with what prints on it. */
async function loadIssued(ctx: Ctx, id: number): Promise<IssuedVoucher> {
  const v = (await getVoucher(ctx.db, id))!;
  return { ...v, hold: null };
}

function refuseIfIneligible(outcome: { refusals: RuleRefusal[] }): void {
  if (outcome.refusals.length > 0) {
    throw new AppError('RULE', outcome.refusals.map((r) => r.message).join('；'), {
      detail: { refusals: outcome.refusals },
    });
  }
}

async function eligibility(ctx: Ctx, input: ChannelParsed<'voucher:check'>) {
  const worker = await loadWorker(ctx, input.workerId);
  const day = today(ctx);
  const prepared = await prepareTerms(ctx.db, input, day);
  return {
    worker,
    prepared,
    outcome: await checkEligibility(ctx.db, worker, prepared, day, await ruleSettings(ctx.db)),
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
 * A township clerk's typed serial finds only their townships' vouchers (serials can be guessed; the
 * printed QR or fallback code in hand is what shows any other).
 */
export async function resolveTyped(
  ctx: Pick<Ctx, 'db'>,
  text: string,
  allowSerial: boolean,
  scope: TownshipScope = null,
): Promise<string | null> {
  const serial = checkSerial(text);
  if (serial.ok) {
    if (!allowSerial) return null;
    const id = await findVoucherIdBySerial(ctx.db, serial.serial);
    const v = id ? await getVoucher(ctx.db, id, scope) : undefined;
    return v ? v.qrText : text;
  }
  const code = normalizeFallbackCode(text);
  const id = code ? await findVoucherIdByFallback(ctx.db, code) : undefined;
  return id ? (await getVoucher(ctx.db, id))!.qrText : text;
}

/** The refusal for a serial typed where only the QR or the fallback code will do. */
export function serialOnlyVerdict(s: VerifySources): Promise<VerifyResult> {
  return result('serial_only', null, s, null, SERIAL_ONLY_MESSAGE);
}

/** The serial a QR text claims, without checking anything (for the audit of a lookup). */
function claimedSerial(text: string): string | null {
  const d = decodeText(text, [VOUCHER_PREFIX]);
  return d.ok ? (decodeVoucherClaims(d.claims)?.serial ?? null) : null;
}

/** Vouchers and archive extracts share one verify screen and one CLI command; bureau staff use it. */
export async function verifyAny(ctx: WriteCtx, text: string, idNumber?: string): Promise<VerifyResult> {
  const sources = await sourcesFor(ctx);
  if (isExtractText(text)) return verifyExtractText(text, sources, ctx.db);
  const allowSerial = SERIAL_LOOKUP_ROLES.has(ctx.session?.user.role ?? '');
  const qr = await resolveTyped(ctx, text, allowSerial, townshipScope(ctx));
  if (qr === null) return serialOnlyVerdict(sources);
  const verdict = await verifyWithHolder(ctx, qr, sources, idNumber, { institutionCode: null });
  const serial = verdict.serial ?? claimedSerial(qr);
  if (verdict.serial && SERIAL_LOOKUP_ROLES.has(ctx.session?.user.role ?? ''))
    verdict.voucherId = (await findVoucherIdBySerial(ctx.db, verdict.serial)) ?? null;
  // Who looked at which voucher is on record: lookups are how vouchers would be enumerated.
  if (serial) {
    await ctx.audit({
      action: 'verify',
      entity: 'voucher',
      entityId: (await findVoucherIdBySerial(ctx.db, serial)) ?? serial,
      after: { serial, reason: verdict.reason, holderChecked: Boolean(idNumber?.trim()) },
    });
  }
  return verdict;
}

export const voucherHandlers = {
  'voucher:check': async (ctx: Ctx, input: ChannelParsed<'voucher:check'>): Promise<EligibilityResult> => {
    const { outcome } = await eligibility(ctx, input);
    return { eligible: outcome.refusals.length === 0, refusals: outcome.refusals, amountFen: outcome.amountFen };
  },

  /**
   * Judged and signed outside the write transaction, then judged again inside it (another window may
   * have issued to the same worker meanwhile) and written.
   */
  'voucher:issue': async (ctx: JobCtx, input: ChannelParsed<'voucher:issue'>): Promise<IssuedVoucher> => {
    await checkFundSource(ctx.db, input.fundSource);
    const first = await eligibility(ctx, input);
    refuseIfIneligible(first.outcome);
    const signer = await ctx.keyring.signer(ctx.db, 'voucher');
    const item = { worker: first.worker, prepared: first.prepared, opts: input };
    return issueWithRetry(
      () => draftVouchers(ctx, signer, [item]),
      (drafts) =>
        ctx.write(async (w) => {
          refuseIfIneligible((await eligibility(w, input)).outcome);
          const [v] = await insertDrafts(w.db, drafts, null);
          const d = drafts[0]!;
          await w.audit({
            action: 'issue',
            entity: 'voucher',
            entityId: v!.id,
            after: {
              serial: d.serial,
              workerId: d.workerId,
              planId: d.planId,
              occupationCode: d.occupationCode,
              level: d.level,
              amountFen: d.amountFen,
            },
          });
          return loadIssued(w, v!.id);
        }),
    );
  },

  'voucher:list': async (ctx: JobCtx, input: ChannelParsed<'voucher:list'>): Promise<Page<VoucherListItem>> => {
    await expireDue(ctx);
    const filter = { ...input, scope: townshipScope(ctx) };
    const { items, total } = await listVouchers(ctx.db, filter, input.pageSize, (input.page - 1) * input.pageSize);
    return { items, total, page: input.page, pageSize: input.pageSize };
  },

  'voucher:get': (ctx: Ctx, input: ChannelParsed<'voucher:get'>): Promise<VoucherDetail> => loadVoucher(ctx, input.id),

  'voucher:revoke': async (ctx: WriteCtx, input: ChannelParsed<'voucher:revoke'>): Promise<VoucherDetail> => {
    const before = await loadVoucher(ctx, input.id);
    if (before.status !== 'issued' && before.status !== 'redeemed') {
      throw new AppError('RULE', `培训券当前状态为“${statusLabel(before.status)}”，不能作废`);
    }
    await setStatus(
      ctx.db,
      input.id,
      before.status,
      'revoked',
      isoNow(ctx.clock),
      actorId(ctx),
      input.reason,
      input.reason,
    );
    const after = await loadVoucher(ctx, input.id);
    await ctx.audit({
      action: 'revoke',
      entity: 'voucher',
      entityId: input.id,
      before: { status: before.status },
      after: { status: 'revoked', reason: input.reason },
    });
    return after;
  },

  /** 补发: the old voucher revoked and a new one signed on its terms and face value, in one write. */
  'voucher:reissue': async (ctx: JobCtx, input: ChannelParsed<'voucher:reissue'>): Promise<IssuedVoucher> => {
    const judge = async (c: Ctx) => {
      const old = await loadVoucher(c, input.id);
      if (old.status !== 'issued')
        throw new AppError('RULE', `只有未使用的培训券可以补发，此券状态为“${statusLabel(old.status)}”`);
      const worker = await loadWorker(c, old.workerId);
      const terms = {
        planId: old.planId,
        occupationCode: old.occupationCode,
        level: old.level,
        institutionId: old.institutionId,
      };
      const day = today(c);
      const prepared = await prepareTerms(c.db, terms, day);
      // The old voucher is to be revoked in the same write: it does not count against the new one.
      const outcome = await checkEligibility(c.db, worker, prepared, day, await ruleSettings(c.db), old.id);
      refuseIfIneligible(outcome);
      return { old, worker, prepared: { ...prepared, amountFen: old.amountFen } };
    };
    const first = await judge(ctx);
    const signer = await ctx.keyring.signer(ctx.db, 'voucher');
    const item = {
      worker: first.worker,
      prepared: first.prepared,
      opts: { fundSource: first.old.fundSource, replacesId: first.old.id },
    };
    return issueWithRetry(
      () => draftVouchers(ctx, signer, [item]),
      (drafts) =>
        ctx.write(async (w) => {
          const { old } = await judge(w);
          const at = isoNow(w.clock);
          await setStatus(
            w.db,
            old.id,
            'issued',
            'revoked',
            at,
            actorId(w),
            `补发：${input.reason}`,
            `补发：${input.reason}`,
          );
          const [v] = await insertDrafts(w.db, drafts, null);
          await w.audit({
            action: 'revoke',
            entity: 'voucher',
            entityId: old.id,
            before: { status: 'issued' },
            after: { status: 'revoked', reason: `补发：${input.reason}`, replacedBy: drafts[0]!.serial },
          });
          await w.audit({
            action: 'reissue',
            entity: 'voucher',
            entityId: v!.id,
            after: { serial: drafts[0]!.serial, replaces: old.serial },
          });
          return loadIssued(w, v!.id);
        }),
    );
  },
};

const statusLabel = (s: VoucherStatus) => VOUCHER_STATUS_LABELS[s];
