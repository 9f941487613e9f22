import type { ChannelParsed } from '../../../shared/contract/channels';
import {
  ANOMALY_KIND_LABELS,
  ANOMALY_KINDS,
  type AnomalyKind,
  type AnomalyPage,
} from '../../../shared/contract/schemas/stats';
import type { Ctx, JobCtx } from '../../core/context';
import type { Queryable, WriteTx } from '../../db/driver/types';
import { getSettings } from '../../db/repos/settings.repo';
import { replaceAnomalies, RULES, type Flag } from '../../db/repos/anomaly.repo';
import { listAnomalies } from '../../db/repos/anomalyList';
import { batchFlags } from './anomalyDigest';
import {
  countAnomalies,
  lastScanAt,
  putLastScanAt,
  putRuleFailures,
  ruleFailures,
  type RuleFailures,
} from '../../db/repos/anomalyState';

export interface Findings {
  /** When the rules started reading (ISO): of two scans that overlap, the later reading wins. */
  startedAt: string;
  flags: Flag[];
  /** Rules that failed (their kinds' earlier flags are kept), and why. */
  failed: { kind: AnomalyKind; error: unknown }[];
}

/**
 * What the rules find now, read outside any write transaction (the scan reads every table). Each
 * rule on its own: one that fails (on a stored value it cannot read, say) does not stop the others
 * (a red-team's finding: one bad date in a claim package stopped every rule on PostgreSQL).
 */
export async function findAnomalies(db: Queryable, startedAt: string): Promise<Findings> {
  const s = await getSettings(db);
  const out: Findings = { startedAt, flags: [], failed: [] };
  for (const rule of RULES) {
    try {
      out.flags.push(...(await rule.find(db, s)));
    } catch (error) {
      out.failed.push({ kind: rule.kind, error });
    }
  }
  return out;
}

/**
 * Replaces the flags with what was found; a flag found before keeps the time it was first detected,
 * and a failed rule's flags stay. Runs in the caller's write transaction.
 */
export async function storeAnomalies(tx: WriteTx, found: Findings, at: string): Promise<number> {
  // Scans read outside the write, so two can overlap (the hourly one, 重新检查, the one before each
  // 复核通过): the one that started reading earlier must not replace what a later one stored, or a
  // flag the later one found would vanish until the next scan.
  const last = await lastScanAt(tx, at);
  if (last !== null && last > found.startedAt) return countAnomalies(tx, ANOMALY_KINDS);
  await putLastScanAt(tx, found.startedAt);
  const keep = found.failed.map((f) => f.kind);
  await replaceAnomalies(tx, found.flags, at, keep);
  // Kept flags would otherwise look current: the list says which rules fail, and since when.
  const before = await ruleFailures(tx);
  const now: RuleFailures = Object.fromEntries(
    found.failed.map((f) => [f.kind, { since: before[f.kind]?.since ?? at }]),
  );
  if (JSON.stringify(now) !== JSON.stringify(before)) await putRuleFailures(tx, now);
  return found.flags.filter((f) => !keep.includes(f.kind)).length + (await countAnomalies(tx, keep));
}

/** The rules that failed, in Chinese, for the person who asked for the scan. */
export const failedRules = (found: Findings) => found.failed.map((f) => ANOMALY_KIND_LABELS[f.kind]);

export const anomalyHandlers = {
  'anomaly:list': async (ctx: Ctx, input: ChannelParsed<'anomaly:list'>): Promise<AnomalyPage> => {
    const { items, total, byKind } = await listAnomalies(ctx.db, {
      workerId: input.workerId,
      serial: input.serial,
      institutionId: input.institutionId,
      settlementId: input.settlementId,
      kind: input.kind,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    const failing = Object.entries(await ruleFailures(ctx.db)).map(([kind, f]) => ({
      kind: kind as AnomalyKind,
      since: f.since,
    }));
    // A batch's list says which flags it holds, for the approval to send back (settlement:approve),
    // with the count of the same reading (the page asks with that count and that digest together).
    const batch = input.settlementId ? await batchFlags(ctx.db, input.settlementId) : null;
    const shown = batch && !input.kind ? { total: batch.count, digest: batch.digest } : { total };
    return { items, page: input.page, pageSize: input.pageSize, byKind, failing, ...shown };
  },
  /** The rules read everything: they run before the write, which then only replaces the flags. */
  'anomaly:scan': async (ctx: JobCtx): Promise<{ found: number; failed: string[] }> => {
    const findings = await findAnomalies(ctx.db, ctx.clock.now().toISOString());
    const failed = failedRules(findings);
    return ctx.write(async (w) => {
      const found = await storeAnomalies(w.db, findings, w.clock.now().toISOString());
      await w.audit({ action: 'scan', entity: 'anomaly', after: { found, ...(failed.length ? { failed } : {}) } });
      return { found, failed };
    });
  },
};
