import type { ChannelParsed } from '../../../shared/contract/channels';
import type { AnomalyPage } from '../../../shared/contract/schemas/stats';
import type { Ctx, JobCtx } from '../../core/context';
import type { Queryable, WriteTx } from '../../db/driver/types';
import { getSettings } from '../../db/repos/settings.repo';
import { listAnomalies, replaceAnomalies, RULES, type Flag } from '../../db/repos/anomaly.repo';

/** What the rules find now, read outside any write transaction (the scan reads every table). */
export async function findAnomalies(db: Queryable): Promise<Flag[]> {
  const s = await getSettings(db);
  const flags: Flag[] = [];
  for (const rule of RULES) flags.push(...(await rule(db, s)));
  return flags;
}

/**
 * Replaces the flags with `flags`; a flag found before keeps the time it was first detected.
 * Runs in the caller's write transaction.
 */
export async function storeAnomalies(tx: WriteTx, flags: Flag[], at: string): Promise<number> {
  await replaceAnomalies(tx, flags, at);
  return flags.length;
}

export const anomalyHandlers = {
  'anomaly:list': async (ctx: Ctx, input: ChannelParsed<'anomaly:list'>): Promise<AnomalyPage> => {
    const { items, total, byKind } = await listAnomalies(ctx.db, {
      workerId: input.workerId,
      serial: input.serial,
      institutionId: input.institutionId,
      kind: input.kind,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    return { items, total, page: input.page, pageSize: input.pageSize, byKind };
  },
  /** The rules read everything: they run before the write, which then only replaces the flags. */
  'anomaly:scan': async (ctx: JobCtx): Promise<{ found: number }> => {
    const flags = await findAnomalies(ctx.db);
    return ctx.write(async (w) => {
      const found = await storeAnomalies(w.db, flags, w.clock.now().toISOString());
      await w.audit({ action: 'scan', entity: 'anomaly', after: { found } });
      return { found };
    });
  },
};
