import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import {
  SETTLEMENT_STATUSES,
  type LedgerRow,
  type SettlementCounts,
  type SettlementStatus,
} from '../../../shared/contract/schemas/settlement';
import { countsByStatus } from '../../db/repos/settlement.repo';
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

  /**
   * What waits for whom: a reviewer reviews what was submitted; a clerk resubmits what came back
   * and records payment of what was approved. Admins watch and wait for nothing.
   */
  'settlement:counts': async (ctx: Ctx): Promise<SettlementCounts> => {
    const found = await countsByStatus(ctx.db);
    const byStatus = Object.fromEntries(SETTLEMENT_STATUSES.map((s) => [s, found[s] ?? 0])) as Record<
      SettlementStatus,
      number
    >;
    const role = ctx.session?.user.role;
    const waiting =
      role === 'reviewer' ? byStatus.submitted : role === 'clerk' ? byStatus.returned + byStatus.approved : 0;
    return { byStatus, waiting };
  },
};
