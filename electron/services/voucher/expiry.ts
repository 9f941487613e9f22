import { isoNow } from '../../core/clock';
import type { Ctx, Env } from '../../core/context';
import { dueForExpiry, setStatus } from '../../db/repos/voucher.repo';
import { appendAudit } from '../../db/repos/audit.repo';
import { today } from './issue';

/**
 * Moves issued vouchers past their validity to expired, in one audited transaction. Runs at
 * start-up, hourly, and before voucher lists, so what clerks see is never stale.
 */
export async function expireDue(env: Pick<Env, 'db' | 'clock' | 'secrets'> | Pick<Ctx, 'db' | 'clock' | 'secrets'>): Promise<number> {
  const due = await dueForExpiry(env.db, today(env));
  if (due.length === 0) return 0;
  const at = isoNow(env.clock);
  env.db
    .transaction(async () => {
      for (const v of due) await setStatus(env.db, v.id, 'issued', 'expired', at, null, '有效期届满自动过期');
      await appendAudit(env.db, env.secrets, {
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
    })
    .immediate();
  return due.length;
}
