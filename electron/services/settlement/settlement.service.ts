// 免垫付直补: the subsidy goes straight to the institution once training is proven. A clerk
// prepares a batch, a different person reviews it — one whose account the preparer's side did not
// make (twoPerson.ts) — payment is recorded with its voucher number, and only then are the
// vouchers settled. Admins take no part (shared/contract/access.ts). Every step runs in the
// dispatcher's transaction.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Page } from '../../../shared/contract/schemas/common';
import type {
  SettlementCandidate,
  SettlementDetail,
  SettlementSummary,
} from '../../../shared/contract/schemas/settlement';
import { fenToChineseUpper, fenToYuan } from '../../../shared/domain/money';
import { maskIdNumber } from '../../../shared/domain/mask';
import { isoNow } from '../../core/clock';
import type { WriteCtx } from '../../core/context';
import { actorId, type Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { getInstitution } from '../../db/repos/catalog.repo';
import * as repo from '../../db/repos/settlement.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { batchFlags } from '../stats/anomalyDigest';
import { lastScanAt, ruleFailures } from '../../db/repos/anomalyState';
import { setStatus } from '../../db/repos/voucher.repo';
import { today } from '../voucher/issue';
import { settleAmount } from './rules';
import { requireIndependentApprover } from './twoPerson';

async function candidates(ctx: Ctx, institutionId: number, voucherIds?: number[]): Promise<SettlementCandidate[]> {
  if (!(await getInstitution(ctx.db, institutionId))) throw notFound('培训机构');
  const s = await getSettings(ctx.db);
  return (await repo.payableVouchers(ctx.db, institutionId, voucherIds)).map(({ idNumber, ...v }) => ({
    ...v,
    idNumberMasked: maskIdNumber(idNumber),
    ...settleAmount(v.faceFen, v.attendancePct, s),
  }));
}

export async function detail(ctx: Ctx, id: number): Promise<SettlementDetail> {
  const b = await repo.getBatch(ctx.db, id);
  if (!b) throw notFound('结算批次');
  return {
    ...b,
    totalUpper: fenToChineseUpper(b.totalFen),
    items: await repo.batchItems(ctx.db, id),
    events: await repo.batchEvents(ctx.db, id),
  };
}

async function load(ctx: Ctx, id: number) {
  const b = await repo.getBatch(ctx.db, id);
  if (!b) throw notFound('结算批次');
  return b;
}

const STATUS_WORDS: Record<string, string> = {
  submitted: '待复核',
  returned: '已退回',
  approved: '已复核',
  paid: '已拨付',
  cancelled: '已撤销',
};

function expect(b: repo.BatchRow, ...allowed: string[]) {
  if (!allowed.includes(b.status))
    throw new AppError('CONFLICT', `结算批次${STATUS_WORDS[b.status]}，不能进行此操作（请刷新后重试）`);
}

/** The second person: whoever prepared a batch may not approve or return it. */
function secondPerson(ctx: Ctx, b: repo.BatchRow) {
  if (actorId(ctx) === b.preparedById)
    throw new AppError('FORBIDDEN', '不能复核自己制作的结算批次：须由另一位复核人复核');
}

async function event(
  ctx: WriteCtx,
  batchId: number,
  action: Parameters<typeof repo.insertEvent>[2]['action'],
  note: string | null,
) {
  await repo.insertEvent(ctx.db, batchId, { at: isoNow(ctx.clock), userId: actorId(ctx), action, note });
}

async function audited(ctx: Ctx, id: number, action: string, before: SettlementSummary, extra: object = {}) {
  const after = await detail(ctx, id);
  await ctx.audit({
    action,
    entity: 'settlement_batch',
    entityId: after.number,
    before: { status: before.status, totalFen: before.totalFen, voucherCount: before.voucherCount },
    after: { status: after.status, totalFen: after.totalFen, voucherCount: after.voucherCount, ...extra },
  });
  return after;
}

export const settlementHandlers = {
  'settlement:candidates': (ctx: Ctx, input: ChannelParsed<'settlement:candidates'>) =>
    candidates(ctx, input.institutionId),

  'settlement:create': async (ctx: WriteCtx, input: ChannelParsed<'settlement:create'>): Promise<SettlementDetail> => {
    const wanted = [...new Set(input.voucherIds)];
    const found = await candidates(ctx, input.institutionId, wanted);
    const byId = new Map(found.map((c) => [c.voucherId, c]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length)
      throw new AppError(
        'CONFLICT',
        `有 ${missing.length} 张券已不可结算（可能已在其他批次中或状态已变化），请刷新后重选`,
      );
    const unpaid = found.filter((c) => !c.payable);
    if (unpaid.length) throw new AppError('RULE', `券 ${unpaid[0]!.serial} 不能结算：${unpaid[0]!.reason}`);
    const at = isoNow(ctx.clock);
    const user = actorId(ctx)!;
    const id = await repo.insertBatch(ctx.db, {
      number: await repo.nextBatchNumber(
        ctx.db,
        (await getSettings(ctx.db)).jurisdictionCode,
        Number(today(ctx).slice(0, 4)),
      ),
      institutionId: input.institutionId,
      preparedBy: user,
      at,
      note: input.note,
    });
    for (const c of found) await repo.insertItem(ctx.db, id, c);
    await repo.refreshTotals(ctx.db, id);
    await event(ctx, id, 'submit', input.note || null);
    const b = await detail(ctx, id);
    await ctx.audit({
      action: 'create',
      entity: 'settlement_batch',
      entityId: b.number,
      after: { institutionId: b.institutionId, voucherCount: b.voucherCount, totalFen: b.totalFen },
    });
    return b;
  },

  'settlement:list': async (ctx: Ctx, input: ChannelParsed<'settlement:list'>): Promise<Page<SettlementSummary>> => {
    const { items, total } = await repo.listBatches(ctx.db, {
      status: input.status,
      institutionId: input.institutionId,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    return { items, total, page: input.page, pageSize: input.pageSize };
  },

  'settlement:get': (ctx: Ctx, input: ChannelParsed<'settlement:get'>) => detail(ctx, input.id),

  'settlement:approve': async (
    ctx: WriteCtx,
    input: ChannelParsed<'settlement:approve'>,
  ): Promise<SettlementDetail> => {
    const b = await load(ctx, input.id);
    expect(b, 'submitted');
    secondPerson(ctx, b);
    await requireIndependentApprover(ctx.db, b, actorId(ctx)!);
    // The flags the batch carries as it is approved, on record with the approval (the question on the
    // screen is only the screen's: another client, or the CLI, is not asked).
    // One reading for the count, the kinds and the digest.
    const { count: flags, byKind: kinds, digest } = await batchFlags(ctx.db, b.id);
    if (input.anomaliesSeen !== undefined && flags > input.anomaliesSeen)
      throw new AppError(
        'CONFLICT',
        `本批次的异常提示已有 ${flags} 条（复核时显示 ${input.anomaliesSeen} 条），请重新查看后再复核`,
      );
    if (input.anomaliesDigest !== undefined && input.anomaliesDigest !== digest)
      throw new AppError('CONFLICT', `本批次的异常提示在复核时显示之后有变化（现有 ${flags} 条），请重新查看后再复核`);
    await repo.setBatch(ctx.db, b.id, 'submitted', {
      status: 'approved',
      reviewed_by: actorId(ctx),
      reviewed_at: isoNow(ctx.clock),
    });
    await event(ctx, b.id, 'approve', flags > 0 ? `本批次涉及 ${flags} 条异常提示` : null);
    // As of the last scan (hourly, and again by the page before it asks), and which rules were
    // failing then (their flags are older still).
    const asOf = await lastScanAt(ctx.db, isoNow(ctx.clock));
    const failing = Object.keys(await ruleFailures(ctx.db));
    return audited(ctx, b.id, 'approve', b, {
      anomalies: flags,
      ...(flags > 0 ? { anomalyKinds: kinds } : {}),
      anomaliesDigest: digest,
      // What the client that approved had checked: the flags themselves, only their count, or
      // nothing (the CLI, an older page): the record tells an approval that was asked from one that was not.
      anomaliesChecked:
        input.anomaliesDigest !== undefined ? 'digest' : input.anomaliesSeen !== undefined ? 'count' : 'none',
      anomaliesAsOf: asOf,
      ...(failing.length ? { anomalyRulesFailing: failing } : {}),
    });
  },

  'settlement:return': async (ctx: WriteCtx, input: ChannelParsed<'settlement:return'>): Promise<SettlementDetail> => {
    const b = await load(ctx, input.id);
    expect(b, 'submitted');
    secondPerson(ctx, b);
    await repo.setBatch(ctx.db, b.id, 'submitted', {
      status: 'returned',
      reviewed_by: actorId(ctx),
      reviewed_at: isoNow(ctx.clock),
      return_reason: input.reason,
    });
    await event(ctx, b.id, 'return', input.reason);
    return audited(ctx, b.id, 'return', b, { reason: input.reason });
  },

  'settlement:resubmit': async (
    ctx: WriteCtx,
    input: ChannelParsed<'settlement:resubmit'>,
  ): Promise<SettlementDetail> => {
    const b = await load(ctx, input.id);
    expect(b, 'returned');
    if (input.removeVoucherIds.length) await repo.dropItems(ctx.db, b.id, input.removeVoucherIds);
    await repo.refreshTotals(ctx.db, b.id);
    if ((await load(ctx, b.id)).voucherCount === 0)
      throw new AppError('RULE', '批次中至少要保留一张培训券；不需要时请撤销批次');
    // Whoever resubmits becomes the preparer, so a different person must review it again.
    await repo.setBatch(ctx.db, b.id, 'returned', {
      status: 'submitted',
      prepared_by: actorId(ctx),
      prepared_at: isoNow(ctx.clock),
      reviewed_by: null,
      reviewed_at: null,
      return_reason: null,
    });
    await event(
      ctx,
      b.id,
      'resubmit',
      input.removeVoucherIds.length ? `移出 ${input.removeVoucherIds.length} 张券` : null,
    );
    return audited(ctx, b.id, 'resubmit', b, { removed: input.removeVoucherIds });
  },

  'settlement:cancel': async (ctx: WriteCtx, input: ChannelParsed<'settlement:cancel'>): Promise<SettlementDetail> => {
    const b = await load(ctx, input.id);
    expect(b, 'submitted', 'returned');
    await repo.dropItems(ctx.db, b.id, 'all');
    await repo.setBatch(ctx.db, b.id, b.status, {
      status: 'cancelled',
      reviewed_by: null,
      reviewed_at: null,
      return_reason: null,
    });
    await event(ctx, b.id, 'cancel', input.reason);
    return audited(ctx, b.id, 'cancel', b, { reason: input.reason });
  },

  'settlement:pay': async (ctx: WriteCtx, input: ChannelParsed<'settlement:pay'>): Promise<SettlementDetail> => {
    const b = await load(ctx, input.id);
    expect(b, 'approved');
    if (input.paidOn > today(ctx))
      throw new AppError('VALIDATION', '拨付日期不能晚于今天', { fields: { paidOn: '拨付日期不能晚于今天' } });
    if (input.paidOn < b.reviewedAt!.slice(0, 10))
      throw new AppError('VALIDATION', '拨付日期不能早于复核日期', { fields: { paidOn: '拨付日期不能早于复核日期' } });
    const at = isoNow(ctx.clock);
    for (const item of await repo.batchItems(ctx.db, b.id)) {
      const moved =
        (await setStatus(ctx.db, item.voucherId, 'certified', 'settled', at, actorId(ctx), `拨付 ${b.number}`, {
          paidFen: item.amountFen,
        })) ||
        (await setStatus(ctx.db, item.voucherId, 'completed', 'settled', at, actorId(ctx), `拨付 ${b.number}`, {
          paidFen: item.amountFen,
        }));
      if (!moved) throw new AppError('CONFLICT', `培训券 ${item.serial} 的状态已变化，不能拨付；请退回后重新核对`);
    }
    await repo.setBatch(ctx.db, b.id, 'approved', {
      status: 'paid',
      paid_on: input.paidOn,
      payment_ref: input.paymentRef,
    });
    await event(ctx, b.id, 'pay', `${input.paidOn} 凭证号 ${input.paymentRef}`);
    return audited(ctx, b.id, 'pay', b, { paidOn: input.paidOn, paymentRef: input.paymentRef });
  },

  'settlement:recover': async (
    ctx: WriteCtx,
    input: ChannelParsed<'settlement:recover'>,
  ): Promise<SettlementDetail> => {
    const item = await repo.paidItem(ctx.db, input.voucherId);
    if (!item) throw new AppError('RULE', '只有已拨付的培训券才能追回补贴');
    const left = item.amountFen - item.recoveredFen;
    if (input.amountFen > left)
      throw new AppError('VALIDATION', `追回金额不能超过尚未追回的 ${fenToYuan(left)} 元`, {
        fields: { amountFen: `最多 ${fenToYuan(left)} 元` },
      });
    if (input.recoveredOn > today(ctx))
      throw new AppError('VALIDATION', '追回日期不能晚于今天', { fields: { recoveredOn: '追回日期不能晚于今天' } });
    const before = await load(ctx, item.batchId);
    await repo.insertRecovery(ctx.db, {
      ...input,
      batchId: item.batchId,
      userId: actorId(ctx),
      at: isoNow(ctx.clock),
    });
    await event(ctx, item.batchId, 'recover', `${item.serial} 追回 ${fenToYuan(input.amountFen)} 元：${input.reason}`);
    return audited(ctx, item.batchId, 'recover', before, {
      serial: item.serial,
      amountFen: input.amountFen,
      reason: input.reason,
    });
  },
};
