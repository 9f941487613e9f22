// What synchronous = FULL costs: the same batch issuance, single registrations and redemptions on
// two fresh databases in one run, one as the app opens it (FULL) and one switched back to NORMAL.
// The other benchmarks already run with FULL and keep their own targets; this one reports the price.
import { rmSync } from 'node:fs';
import { dispatch } from '../electron/core/dispatcher';
import type { Env } from '../electron/core/context';
import type { SqliteDatabase } from '../electron/db/driver/sqlite';
import { sql } from '../electron/db/sql';
import { checkCharFor } from '../shared/domain/idNumber';
import { benchEnv, institutionWithVouchers, ms, must, now, type BenchResult } from './util';

interface Timings {
  batchMs: number;
  registerMs: number;
  redeemMs: number;
}

async function workload(env: Env, token: string, workerIds: number[], registrations: number): Promise<Timings> {
  const batchMs = await institutionWithVouchers(env, token, workerIds);

  let t = now();
  for (let i = 0; i < registrations; i++) {
    const id17 = `530523${19800101 + (i % 28)}${String(500 + i)
      .padStart(3, '0')
      .slice(-3)}`;
    await must(
      dispatch(env, token, 'worker:create', {
        idNumber: id17 + checkCharFor(id17),
        name: '李四',
        ethnicity: '汉族',
        education: 'junior',
        phone: '13812345678',
        townshipCode: '530523101',
        village: '白塔村',
        address: '白塔村一组',
        householdType: 'agricultural',
        employmentStatus: 'farming',
        targetGroups: ['rural_labor'],
      }),
    );
  }
  const registerMs = ms(t) / registrations;

  const op = await must<{ token: string }>(
    dispatch(env, null, 'auth:login', { username: 'op', password: 'Bench1234' }),
  );
  const vouchers = await env.db.reader.all<{ qr: string; id: string }>(
    sql`SELECT v.qr_text AS qr, w.id_number AS id FROM voucher v JOIN worker w ON w.id = v.worker_id ORDER BY v.id LIMIT 300`,
  );
  t = now();
  for (const v of vouchers) {
    const r = await must<{ ok: boolean }>(dispatch(env, op.token, 'redeem:confirm', { text: v.qr, idNumber: v.id }));
    if (!r.ok) throw new Error('redeem refused');
  }
  const redeemMs = ms(t) / vouchers.length;
  return { batchMs, registerMs, redeemMs };
}

export async function durabilityBench(n = 3000, registrations = 300): Promise<BenchResult> {
  const results: Record<'FULL' | 'NORMAL', Timings> = {} as never;
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const { env, token, dir, workerIds } = await benchEnv(n);
    if (mode === 'NORMAL') (env.db as SqliteDatabase).connection.pragma('synchronous = NORMAL');
    results[mode] = await workload(env, token, workerIds, registrations);
    await env.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const f = results.FULL;
  const nrm = results.NORMAL;
  const line = (label: string, a: number, b: number, unit: string) =>
    `${label}: NORMAL ${b.toFixed(2)} ${unit}, FULL ${a.toFixed(2)} ${unit} (FULL / NORMAL = ${(a / b).toFixed(2)})`;
  return {
    name: `synchronous = FULL 的代价（批量发券 ${n} 张、逐个登记 ${registrations} 人、逐张核销 300 张）`,
    ok: true,
    lines: [
      line('batch issuance', f.batchMs, nrm.batchMs, 'ms'),
      line('one registration', f.registerMs, nrm.registerMs, 'ms'),
      line('one redemption', f.redeemMs, nrm.redeemMs, 'ms'),
    ],
  };
}
