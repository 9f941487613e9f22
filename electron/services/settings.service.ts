import type { ChannelParsed } from '../../shared/contract/channels';
import type { Settings, Township } from '../../shared/contract/schemas/settings';
import { getSettings, setSetting } from '../db/repos/settings.repo';
import { listTownships } from '../db/repos/worker.repo';
import type { Ctx } from '../core/context';

export const settingsHandlers = {
  'settings:get': (ctx: Ctx): Settings => getSettings(ctx.db),

  'settings:update': (ctx: Ctx, input: ChannelParsed<'settings:update'>): Settings => {
    const before = getSettings(ctx.db);
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined) setSetting(ctx.db, key as keyof Settings, value);
    }
    const after = getSettings(ctx.db);
    ctx.audit({ action: 'update', entity: 'settings', before, after });
    return after;
  },

  'catalog:townships': (ctx: Ctx): Township[] => listTownships(ctx.db),
};
