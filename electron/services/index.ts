import type { ChannelName, ChannelOutput, ChannelParsed, Channels } from '../../shared/contract/channels';
import type { Ctx, JobCtx, WriteCtx } from '../core/context';
import { auditHandlers } from './audit.service';
import { authBefore, authHandlers } from './auth.service';
import type { BeforeHandlers } from './before';
import { settingsHandlers } from './settings.service';
import { userBefore, userHandlers } from './user.service';
import { sessionHandlers } from './session.service';
import { workerHandlers } from './worker.service';
import { catalogHandlers } from './catalog.service';
import { keyHandlers } from './keys/keys.service';
import { batchHandlers } from './voucher/batch';
import { printHandlers } from './voucher/print';
import { redeemHandlers, redeemSharedWrites } from './voucher/redeem.service';
import { scanFileHandlers } from './voucher/scanFile';
import { archiveHandlers } from './archive/archive.service';
import { excelHandlers } from './excel/excel.service';
import { trainingHandlers } from './training/training.service';
import { institutionHandlers } from './exchange/institution.service';
import { exchangeHandlers } from './exchange/status.service';
import { voucherHandlers } from './voucher/voucher.service';
import { holderHandlers } from './voucher/holder';
import { settlementHandlers } from './settlement/settlement.service';
import { settlementReportHandlers } from './settlement/reports.service';
import { statsHandlers } from './stats/stats.service';
import { statsReportHandlers } from './stats/statsReport';
import { anomalyHandlers } from './stats/anomaly.service';
import { backupHandlers } from './backup/backup.service';
import { adjustmentHandlers } from './training/adjustments';
import { trainingRecordHandlers } from './training/trainingRecord';
import { receiptHandlers } from './voucher/receipt.service';
import { scanHandlers } from './voucher/scan.service';

/** The context a channel's handler gets follows from how the contract says it uses the database. */
export type CtxFor<K extends ChannelName> = Channels[K]['mutates'] extends true
  ? WriteCtx
  : Channels[K]['mutates'] extends 'job'
    ? JobCtx
    : Ctx;

type Handlers = {
  [K in ChannelName]: (ctx: CtxFor<K>, input: ChannelParsed<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

/** Every channel of the contract has exactly one service function; the compiler checks both directions. */
export const handlers: Handlers = {
  ...authHandlers,
  ...userHandlers,
  ...sessionHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...workerHandlers,
  ...catalogHandlers,
  ...keyHandlers,
  ...voucherHandlers,
  ...holderHandlers,
  ...batchHandlers,
  ...printHandlers,
  ...redeemHandlers,
  ...scanFileHandlers,
  ...archiveHandlers,
  ...excelHandlers,
  ...trainingHandlers,
  ...institutionHandlers,
  ...exchangeHandlers,
  ...settlementHandlers,
  ...settlementReportHandlers,
  ...statsHandlers,
  ...statsReportHandlers,
  ...anomalyHandlers,
  ...backupHandlers,
  ...adjustmentHandlers,
  ...trainingRecordHandlers,
  ...receiptHandlers,
  ...scanHandlers,
};

/** The channels with a step before their write transaction (see before.ts). */
export const beforeWrite: BeforeHandlers = { ...authBefore, ...userBefore };

/**
 * The writing channels that may run beside each other on PostgreSQL (WriteOptions.shared): each
 * locks the rows it decides on before reading them and writes none of the reference tables. A
 * redemption is the counter's busiest write; every other channel keeps the writers' lock to itself.
 */
export const sharedWrites: ReadonlySet<ChannelName> = new Set<ChannelName>([...redeemSharedWrites]);
