import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { LedgerRow } from '../../../shared/contract/schemas/settlement';
import { isoNow } from '../../core/clock';
import { localDateTime } from '../../../shared/domain/idNumber';
import type { Ctx } from '../../core/context';
import { getSettings } from '../../db/repos/settings.repo';
import { fundLedger } from './ledger';
import { paymentListPdf, paymentListXlsx } from './paymentList';
import { detail } from './settlement.service';

export const settlementReportHandlers = {
  'settlement:xlsx': async (ctx: Ctx, input: ChannelParsed<'settlement:xlsx'>): Promise<Artifact> =>
    paymentListXlsx(await detail(ctx, input.id), (await getSettings(ctx.db)).bureauName),

  'settlement:pdf': async (ctx: Ctx, input: ChannelParsed<'settlement:pdf'>): Promise<Artifact> =>
    paymentListPdf(
      await detail(ctx, input.id),
      (await getSettings(ctx.db)).bureauName,
      localDateTime(isoNow(ctx.clock)),
    ),

  'ledger:get': (ctx: Ctx): Promise<LedgerRow[]> => fundLedger(ctx.db),
};
