// What making every answered write durable costs: the same batch issuance, single registrations and
// redemptions, one caller at a time, on three fresh databases in one run: without any sync before
// the answer, with SQLite's synchronous = FULL, and as the app commits (group commit). The other
// benchmarks run as the app does and keep their own targets; this one reports the price.
import { rmSync } from 'node:fs';
import { dispatch } from '../electron/core/dispatcher';
import type { Env } from '../electron/core/context';
import { openSqlite, type SqliteDatabase } from '../electron/db/driver/sqlite';
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

type Mode = 'none' | 'FULL' | 'app';

/**
 * Opens the bench's file again as each mode needs: no sync before an answer (NORMAL alone), SQLite's
 * own sync at every COMMIT (FULL), or the app's group commit (NORMAL plus one WAL sync shared by the
 * commits made before it, electron/db/walFlush.ts).
 */
async function reopen(env: Env, mode: Mode): Promise<void> {
  if (mode === 'app') return;
  const file = (env.db as SqliteDatabase).file;
  await env.db.close();
  const db = openSqlite(file, { syncWal: async () => undefined });
  if (mode === 'FULL') db.connection.pragma('synchronous = FULL');
  env.db = db;
}

export async function durabilityBench(n = 3000, registrations = 300): Promise<BenchResult> {
  const results = {} as Record<Mode, Timings>;
  for (const mode of ['none', 'FULL', 'app'] as const) {
    const { env, token, dir, workerIds } = await benchEnv(n);
    await reopen(env, mode);
    results[mode] = await workload(env, token, workerIds, registrations);
    await env.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const line = (label: string, k: keyof Timings, unit: string) => {
    const [none, full, app] = [results.none[k], results.FULL[k], results.app[k]];
    return `${label}: no sync ${none.toFixed(2)} ${unit}, FULL ${full.toFixed(2)} ${unit}, group commit ${app.toFixed(2)} ${unit} (group commit / no sync = ${(app / none).toFixed(2)})`;
  };
  return {
    name: `写入落盘的代价（批量发券 ${n} 张、逐个登记 ${registrations} 人、逐张核销 300 张，一次一个）`,
    ok: true,
    lines: [
      line('batch issuance', 'batchMs', 'ms'),
      line('one registration', 'registerMs', 'ms'),
      line('one redemption', 'redeemMs', 'ms'),
    ],
  };
}
