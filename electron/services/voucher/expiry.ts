import { isoNow } from '../../core/clock';
import type { JobCtx } from '../../core/context';
import { appendAudit } from '../../db/repos/audit.repo';
import { dueForExpiry, setStatus } from '../../db/repos/voucher.repo';
import { today } from './issue';

/**
 * Moves issued vouchers past their validity to expired, in one audited write, recorded as the
 * system's (whoever's list happened to find them). Runs at start-up, hourly, and before voucher
 * lists, so what clerks see is never stale.
 */
export async function expireDue(ctx: Pick<JobCtx, 'db' | 'clock' | 'secrets' | 'write'>): Promise<number> {
  if ((await dueForExpiry(ctx.db, today(ctx))).length === 0) return 0;
  return ctx.write(async (w) => {
    // Again inside the write: another window may have expired them meanwhile.
    const due = await dueForExpiry(w.db, today(w));
    if (due.length === 0) return 0;
    const at = isoNow(w.clock);
    for (const v of due) await setStatus(w.db, v.id, 'issued', 'expired', at, null, '有效期届满自动过期');
    await appendAudit(w.db, w.secrets, {
      at,
      userId: null,
      username: 'system',
      channel: 'voucher:expire',
      action: 'expire',
      entity: 'voucher',
      entityId: null,
      before: { status: 'issued' },
      after: { status: 'expired', serials: due.map((v) => v.serial) },
    });
    return due.length;
  });
}
