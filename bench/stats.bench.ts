// Every dashboard query over 1,000,000 vouchers and 300,000 workers, through the dispatcher,
// beside a bare count over the voucher table in the same run. Target: each at most 100 ms.
import { rmSync } from 'node:fs';
import { dispatch } from '../electron/core/dispatcher';
import { sql } from '../electron/db/sql';
import type { ChannelInput, ChannelName } from '../shared/contract/channels';
import { STATS_DIMENSIONS } from '../shared/contract/schemas/stats';
import { benchEnv, ms, now, type BenchResult } from './util';

const STATUSES = ['issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked'] as const;
const TOWNS = [
  '530523101',
  '530523102',
  '530523103',
  '530523104',
  '530523105',
  '530523201',
  '530523203',
  '530523204',
  '530523206',
  '530523207',
];
const GROUPS = ['["rural_labor"]', '["rural_labor","poverty_alleviated"]', '[]', '["veteran"]', '["graduate"]'];
const OCCUPATIONS = ['4-10-01-05', '6-31-01-03'];

/** A deterministic spread of vouchers over 24 months, every plan, 20 institutions and every stage. */
async function seed(env: Awaited<ReturnType<typeof benchEnv>>['env'], vouchers: number, workerIds: number[]) {
  const r = env.db.reader;
  const kid = (await r.value<string>(sql`SELECT kid FROM signing_key WHERE active = 1`))!;
  const plans = await r.column<number>(sql`SELECT id FROM plan ORDER BY id`);
  const funds = await r.column<string>(sql`SELECT code FROM fund_source ORDER BY code`);
  // prettier-ignore
  const columns = ['serial', 'year', 'seq', 'fallback_code', 'worker_id', 'plan_id', 'occupation_code', 'level', 'amount_fen',
    'fund_source', 'institution_id', 'issue_date', 'expiry_date', 'issued_at', 'kid', 'qr_text', 'status', 'status_at',
    'stat_township', 'stat_groups', 'stat_institution', 'redeemed_on', 'certified_on', 'paid_fen', 'revoke_reason'];
  await env.db.write(async (tx) => {
    await tx.insertMany(
      'institution',
      ['code', 'name', 'township_code'],
      Array.from({ length: 20 }, (_, i) => [`BENCH-${i}`, `第${i}培训学校`, TOWNS[i % 10]]),
    );
    const institutions = await tx.column<number>(sql`SELECT id FROM institution WHERE code LIKE 'BENCH-%' ORDER BY id`);
    const seqByYear = new Map<number, number>();
    const CHUNK = 50_000;
    for (let from = 0; from < vouchers; from += CHUNK) {
      const rows: unknown[][] = [];
      for (let i = from; i < Math.min(vouchers, from + CHUNK); i++) {
        const month = i % 24;
        const year = 2025 + Math.floor(month / 12);
        const issue = `${year}-${String((month % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
        const seq = (seqByYear.get(year) ?? 0) + 1;
        seqByYear.set(year, seq);
        const status = STATUSES[i % 7]!;
        const redeemed = ['redeemed', 'completed', 'certified', 'settled'].includes(status);
        const amount = 100_000 + (i % 5) * 10_000;
        // prettier-ignore
        rows.push([`530523-${year}-${String(seq).padStart(6, '0')}-0`, year, seq, `B${i}`, workerIds[i % workerIds.length],
          plans[i % plans.length], OCCUPATIONS[i % 2], 'L5', amount, funds[i % funds.length], null, issue, `${year}-12-31`, '',
          kid, '', status, '', TOWNS[i % 10], GROUPS[i % GROUPS.length], redeemed ? institutions[i % 20] : 0,
          redeemed ? issue : null, status === 'certified' || status === 'settled' ? issue : null,
          status === 'settled' ? amount : null, status === 'revoked' ? '测试作废' : null]);
      }
      await tx.insertMany('voucher', columns, rows);
    }
    const certs: unknown[][] = [];
    for (let i = 0; i < workerIds.length / 3; i++)
      certs.push([
        `c${i}`,
        workerIds[i],
        'skill_level',
        `BENCH${i}`,
        '4-10-01-05',
        i % 4 === 0 ? 'L3' : 'L5',
        '鉴定所',
        '2025-01-01',
        '',
      ]);
    await tx.insertMany(
      'certificate',
      ['uid', 'worker_id', 'type', 'number', 'occupation_code', 'level', 'issuing_body', 'issued_on', 'recorded_at'],
      certs,
    );
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function statsBench(vouchers = 1_000_000, workers = 300_000): Promise<BenchResult> {
  const { env, token, dir, workerIds } = await benchEnv(workers);
  const t0 = now();
  await seed(env, vouchers, workerIds);
  const seedMs = ms(t0);
  const timed = async (f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = now();
      await f();
      times.push(ms(t));
    }
    return median(times);
  };
  const bare = await timed(() => env.db.reader.value(sql`SELECT count(*) FROM voucher`));
  const queries: [string, ChannelName, unknown][] = [
    ['stats:overview（全部）', 'stats:overview', {}],
    ['stats:overview（2026 年）', 'stats:overview', { from: '2026-01', to: '2026-12' }],
    ...STATS_DIMENSIONS.map((dim): [string, ChannelName, unknown] => [
      `stats:breakdown ${dim}`,
      'stats:breakdown',
      { dim },
    ]),
    ['ledger:get', 'ledger:get', {}],
    ['anomaly:list', 'anomaly:list', { page: 1, pageSize: 20 }],
  ];
  const lines = [`seeded ${vouchers} vouchers over ${workers} workers in ${(seedMs / 1000).toFixed(0)} s`];
  lines.push(`bare SELECT count(*) FROM voucher: ${bare.toFixed(1)} ms`);
  let ok = true;
  for (const [label, channel, input] of queries) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = now();
      const r = await dispatch(env, token, channel, input as ChannelInput<typeof channel>);
      times.push(ms(t));
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    }
    const m = median(times);
    ok &&= m <= 100;
    lines.push(
      `${m <= 100 ? 'PASS' : 'FAIL'}  ${label}: ${m.toFixed(1)} ms (bare count ${bare.toFixed(1)} ms; target ≤ 100 ms)`,
    );
  }
  await env.db.close();
  rmSync(dir, { recursive: true, force: true });
  return { name: `统计查询（${vouchers} 张券、${workers} 名劳动者）`, ok, lines };
}
