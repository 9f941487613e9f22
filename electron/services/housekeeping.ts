// What a running install does on its own: at start-up and every hour, expire vouchers past their
// validity, re-run the anomaly rules, sign the audit chain's head (daily witness), and make the
// daily backup when one is due; once after an upgrade, the pinyin keys of older workers' names.
import { jobCtx, systemCall } from '../core/callContext';
import type { Env } from '../core/context';
import { ANOMALY_KIND_LABELS } from '../../shared/contract/schemas/stats';
import { findAnomalies, storeAnomalies } from './stats/anomaly.service';
import { expireDue } from './voucher/expiry';
import { scheduledBackup } from './backup/backup.service';
import { dailyWitness } from './audit/witness';
import { fillPinyinKeys } from './workerPinyin';
import { pruneIdempotency, pruneThrottle } from '../db/repos/server.repo';

/** A retried write arrives within minutes; a day of keys is plenty, and the table stays small. */
const KEEP_IDEMPOTENCY_MS = 24 * 3_600_000;

const HOUR = 3_600_000;

export async function runHousekeeping(env: Env): Promise<void> {
  const log = env.log ?? ((m, err) => console.error(m, err));
  const ctx = jobCtx(env, systemCall('housekeeping'));
  try {
    await expireDue(ctx);
    const findings = await findAnomalies(ctx.db, ctx.clock.now().toISOString());
    await ctx.write((w) => storeAnomalies(w.db, findings, w.clock.now().toISOString()));
    for (const f of findings.failed) log(`异常提示规则“${ANOMALY_KIND_LABELS[f.kind]}”检查失败，保留上次结果`, f.error);
  } catch (e) {
    // A busy database or a failed rule must not stop the app; the next round tries again.
    log('定时维护任务失败', e);
  }
  try {
    await fillPinyinKeys(ctx);
  } catch (e) {
    log('补全劳动者姓名拼音失败', e);
  }
  try {
    const now = ctx.clock.now().getTime();
    await ctx.write(async (w) => {
      await pruneIdempotency(w.db, new Date(now - KEEP_IDEMPOTENCY_MS).toISOString());
      await pruneThrottle(w.db, new Date(now - HOUR).toISOString());
    });
  } catch (e) {
    log('清理过期的请求编号失败', e);
  }
  try {
    await dailyWitness(ctx);
  } catch (e) {
    log('签署每日审计见证失败', e);
  }
  try {
    await scheduledBackup(ctx);
  } catch (e) {
    log('定时备份失败（请检查备份文件夹或 U 盘）', e);
  }
}

/** Starts the hourly round; returns a function that stops it. */
export function startHousekeeping(env: Env): () => void {
  void runHousekeeping(env);
  const timer = setInterval(() => void runHousekeeping(env), HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
