// 统计: the county's 2025 goals, each plan against its target, and vouchers broken down by
// township, institution, occupation, target group and month — counted by the month of issue.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type {
  BreakdownRow,
  CountyGoal,
  PlanProgress,
  StatsDimension,
  StatsOverview,
  TargetsReportRow,
} from '../../../shared/contract/schemas/stats';
import { labelOf, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import type { Ctx } from '../../core/context';
import type { Queryable } from '../../db/driver/types';
import { getSettings } from '../../db/repos/settings.repo';
import * as repo from '../../db/repos/stats.repo';
import type { MonthRange, StatSums } from '../../db/repos/stats.repo';

const pct1 = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

/** The 'pof' buckets (plan|occupation|fund) folded onto one of their parts. */
function foldPof(rows: StatSums[], part: 0 | 1): StatSums[] {
  const out = new Map<string, StatSums>();
  for (const r of rows) {
    const key = r.key.split('|')[part]!;
    const acc = out.get(key);
    if (!acc) out.set(key, { ...r, key });
    else for (const m of Object.keys(r) as (keyof StatSums)[]) if (m !== 'key') (acc[m] as number) += r[m] as number;
  }
  return [...out.values()];
}

function toRow(r: StatSums, label: string): BreakdownRow {
  return {
    key: r.key,
    label,
    issued: r.n,
    redeemed: r.everRedeemed,
    expired: r.expired,
    revoked: r.revoked,
    settled: r.settled,
    redemptionRate: r.n ? pct1(r.everRedeemed, r.n) : null,
    avgDaysToRedeem: r.everRedeemed ? Math.round((r.daysSum / r.everRedeemed) * 10) / 10 : null,
    committedFen: r.committedFen,
    paidFen: r.paidFen,
  };
}

export async function breakdown(db: Queryable, dim: StatsDimension, range: MonthRange): Promise<BreakdownRow[]> {
  switch (dim) {
    case 'plan': {
      const names = await repo.names(db, 'plan');
      return foldPof(await repo.sumsByKey(db, 'pof', range), 0).map((r) => toRow(r, names.get(r.key) ?? r.key));
    }
    case 'occupation': {
      const names = await repo.names(db, 'occupation');
      return foldPof(await repo.sumsByKey(db, 'pof', range), 1).map((r) => toRow(r, names.get(r.key) ?? r.key));
    }
    case 'township': {
      const names = await repo.names(db, 'township');
      return (await repo.sumsByKey(db, 'township', range)).map((r) =>
        toRow(r, names.get(r.key) ?? (r.key || '未登记乡镇')),
      );
    }
    case 'institution': {
      const names = await repo.names(db, 'institution');
      return (await repo.sumsByKey(db, 'institution', range)).map((r) =>
        toRow(r, r.key === '0' ? '未核销（未指定机构）' : (names.get(r.key) ?? r.key)),
      );
    }
    case 'group':
      return (await repo.sumsByKey(db, 'group', range)).map((r) =>
        toRow(r, r.key ? labelOf(TARGET_GROUPS, r.key) : '无重点群体'),
      );
    case 'month':
      return (await repo.sumsByMonth(db, range)).map((r) =>
        toRow(r, `${r.key.slice(0, 4)} 年 ${Number(r.key.slice(5))} 月`),
      );
  }
}

export async function planProgress(db: Queryable, range: MonthRange): Promise<PlanProgress[]> {
  const pof = await repo.sumsByKey(db, 'pof', range);
  const byPlan = new Map(foldPof(pof, 0).map((r) => [r.key, r]));
  const subs = await repo.subtargets(db);
  return (await repo.planRows(db)).map((p) => {
    const s = byPlan.get(String(p.id));
    return {
      planId: p.id,
      plan: p.name,
      leadUnit: p.leadUnit,
      target: p.target,
      trained: s?.everRedeemed ?? 0,
      certified: s?.everCertified ?? 0,
      subtargets: subs
        .filter((t) => t.planId === p.id)
        .map((t) => ({
          occupationCode: t.occupationCode,
          occupationName: t.occupationName,
          target: t.target,
          certified: pof
            .filter((r) => r.key.startsWith(`${p.id}|${t.occupationCode}|`))
            .reduce((n, r) => n + r.everCertified, 0),
        })),
    };
  });
}

export async function overview(db: Queryable, range: MonthRange): Promise<StatsOverview> {
  const s = await getSettings(db);
  const plans = await planProgress(db, range);
  const historical = await repo.historicalTrainings(db, range);
  const skills = await repo.skillCounts(db);
  const goal = (key: CountyGoal['key'], label: string, target: number, actual: number): CountyGoal => ({
    key,
    label,
    target,
    actual,
    pct: target ? pct1(actual, target) : 0,
  });
  return {
    county: [
      goal('personTimes', '培训人次', s.targetPersonTimes, plans.reduce((n, p) => n + p.trained, 0) + historical),
      goal('skilled', '技能人才（持技能证书）', s.targetSkilled, skills.skilled),
      goal('highSkill', '高技能人才（高级工及以上）', s.targetHighSkill, skills.highSkill),
    ],
    plans,
    historicalTrainings: historical,
  };
}

export async function targetsReport(db: Queryable, range: MonthRange = {}): Promise<TargetsReportRow[]> {
  return (await planProgress(db, range)).map((p) => ({
    plan: p.plan,
    leadUnit: p.leadUnit,
    target: p.target,
    trained: p.trained,
    certified: p.certified,
  }));
}

export const statsHandlers = {
  'stats:overview': (ctx: Ctx, input: ChannelParsed<'stats:overview'>) => overview(ctx.db, input),
  'stats:breakdown': (ctx: Ctx, input: ChannelParsed<'stats:breakdown'>) => breakdown(ctx.db, input.dim, input),
};
