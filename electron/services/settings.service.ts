import type { ChannelParsed } from '../../shared/contract/channels';
import type { Settings, Township } from '../../shared/contract/schemas/settings';
import { getSettings, setSetting } from '../db/repos/settings.repo';
import { listTownships } from '../db/repos/worker.repo';
import type { Ctx, WriteCtx } from '../core/context';

export const settingsHandlers = {
  'settings:get': (ctx: Ctx): Promise<Settings> => getSettings(ctx.db),

  'settings:update': async (ctx: WriteCtx, input: ChannelParsed<'settings:update'>): Promise<Settings> => {
    const before = await getSettings(ctx.db);
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined) await setSetting(ctx.db, key as keyof Settings, value);
    }
    const after = await getSettings(ctx.db);
    await ctx.audit({ action: 'update', entity: 'settings', before, after });
    return after;
  },

  'catalog:townships': (ctx: Ctx): Promise<Township[]> => listTownships(ctx.db),
};
