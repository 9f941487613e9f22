// What a running install does on its own: at start-up and every hour, expire vouchers past their
// validity and re-run the anomaly rules, so that lists and flags are never stale for long.
import type { Env } from '../core/context';
import { scanAnomalies } from './stats/anomaly.service';
import { expireDue } from './voucher/expiry';

const HOUR = 3_600_000;

export function runHousekeeping(env: Pick<Env, 'db' | 'clock' | 'log'>): void {
  try {
    expireDue(env);
    env.db.transaction(() => scanAnomalies(env.db, env.clock.now().toISOString())).immediate();
  } catch (e) {
    // A busy database or a failed rule must not stop the app; the next round tries again.
    (env.log ?? ((m, err) => console.error(m, err)))('定时维护任务失败', e);
  }
}

/** Starts the hourly round; returns a function that stops it. */
export function startHousekeeping(env: Pick<Env, 'db' | 'clock' | 'log'>): () => void {
  runHousekeeping(env);
  const timer = setInterval(() => runHousekeeping(env), HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
