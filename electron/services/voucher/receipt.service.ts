// 今日核销 and the 核销回执 the trainee takes home: an institution's own redemptions only (an operator's
// institution, or the one an admin redeems for), read from the redemption and its signed QR, so that
// the same code serves the bureau and an institution's offline install.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { TodayRedemption, TodayRedemptions } from '../../../shared/contract/schemas/redemption';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import { addDays } from '../../../shared/domain/dates';
import { localDateTime } from '../../../shared/domain/idNumber';
import { fenToChineseUpper, fenToYuan } from '../../../shared/domain/money';
import { findUserByName } from '../../db/repos/user.repo';
import { redemptionsBetween, redemptionWithName } from '../../db/repos/redemption.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { isoNow } from '../../core/clock';
import type { Ctx } from '../../core/context';
import { notFound } from '../../core/errors';
import { renderReceiptPdf } from '../../pdf/receipt.pdf';
import { atLocal, claimsOf, holderOf, todayOf } from '../training/common';
import { redeemingInstitution } from './redeem.service';
import { sourcesFor } from './sources';

type Row = Awaited<ReturnType<typeof redemptionsBetween>>[number];

async function describe(ctx: Ctx, r: Row): Promise<TodayRedemption> {
  const names = (await sourcesFor(ctx)).names;
  const c = claimsOf(r.qr_text);
  return {
    serial: r.serial,
    redeemedAt: r.redeemed_at,
    redeemedBy: r.redeemed_by ? ((await findUserByName(ctx.db, r.redeemed_by))?.display_name ?? r.redeemed_by) : null,
    ...holderOf(r.qr_text, r.worker_name),
    planName: c ? ((await names?.plan(c.planId)) ?? null) : null,
    occupationCode: c?.occupation ?? '',
    occupationName: c ? ((await names?.occupation(c.occupation)) ?? null) : null,
    level: c?.level ?? '',
    amountFen: c?.amountFen ?? 0,
  };
}

export const receiptHandlers = {
  'redeem:today': async (ctx: Ctx, input: ChannelParsed<'redeem:today'>): Promise<TodayRedemptions> => {
    const inst = await redeemingInstitution(ctx, input.institutionCode);
    const date = input.date ?? todayOf(ctx);
    const rows = await redemptionsBetween(
      ctx.db,
      inst.code,
      atLocal(date, '00:00'),
      atLocal(addDays(date, 1), '00:00'),
    );
    const items: TodayRedemption[] = [];
    for (const r of rows) items.push(await describe(ctx, r));
    return { date, institutionName: inst.name, items };
  },

  'redeem:receipt': async (ctx: Ctx, input: ChannelParsed<'redeem:receipt'>): Promise<Artifact> => {
    const inst = await redeemingInstitution(ctx, input.institutionCode);
    const r = await redemptionWithName(ctx.db, input.serial);
    // Another institution's redemption is not found, as if there were none.
    if (!r || r.institution_code !== inst.code) throw notFound('核销记录');
    const d = await describe(ctx, r);
    const pdf = await renderReceiptPdf({
      bureau: (await getSettings(ctx.db)).bureauName,
      institution: inst.name,
      holderName: d.holderName,
      idLast4: d.idLast4,
      serial: d.serial,
      plan: d.planName ?? '—',
      occupation: d.occupationName ? `${d.occupationName}（${d.occupationCode}）` : d.occupationCode,
      level: skillLevel(d.level)?.label ?? d.level,
      amount: `¥${fenToYuan(d.amountFen)}`,
      amountUpper: fenToChineseUpper(d.amountFen),
      redeemedAt: localDateTime(d.redeemedAt),
      operator: d.redeemedBy ?? '—',
      printedAt: localDateTime(isoNow(ctx.clock)),
    });
    await ctx.audit({ action: 'printReceipt', entity: 'redemption', entityId: d.serial });
    return { name: `核销回执-${d.serial}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  },
};
