import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../electron/core/clock';
import { dispatch } from '../electron/core/dispatcher';
import { createEnv } from '../electron/core/env';
import type { Env } from '../electron/core/context';
import { sql } from '../electron/db/sql';
import type { Result } from '../shared/contract/result';
import { checkCharFor } from '../shared/domain/idNumber';

export interface BenchResult {
  name: string;
  lines: string[];
  ok: boolean;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const now = () => process.hrtime.bigint();

export const PASSPHRASE = 'bench passphrase 2026';

/** A fresh database with an admin session, a signing key and `workers` workers inserted in bulk. */
export async function benchEnv(
  workers: number,
  /** A postgres:// URL (an empty migrated database) instead of a new SQLite file. */
  spec?: string,
): Promise<{ env: Env; token: string; dir: string; workerIds: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'longling-bench-'));
  const env = await createEnv(spec ?? join(dir, 'bench.db'), {
    clock: systemClock,
    keyPassphrase: PASSPHRASE,
    // A server database's secret would go to the user data folder: keep it in the bench's folder.
    ...(spec ? { secretFile: join(dir, 'bench.secret') } : {}),
    stores: 'memory',
  });
  const setup = await dispatch(env, null, 'auth:setupAdmin', {
    username: 'admin',
    displayName: '管理员',
    password: 'Bench1234',
  });
  if (!setup.ok) throw new Error(setup.error.message);
  const token = (setup.value as { token: string }).token;
  const key = await dispatch(env, token, 'keys:create', { passphrase: PASSPHRASE });
  if (!key.ok) throw new Error(key.error.message);
  const rows = Array.from({ length: workers }, (_, i) => {
    // Unique by construction: a birth date per i within 10,000 days, and the sequence per block.
    const birth = new Date(Date.UTC(1975, 0, 1) + (i % 10000) * 86_400_000).toISOString().slice(0, 10);
    const id17 = `530523${birth.replaceAll('-', '')}${String(Math.floor(i / 10000) * 2 + 1).padStart(3, '0')}`;
    return [id17 + checkCharFor(id17), `工人${i}`, 'M', birth];
  });
  const workerIds = await env.db.write(async (tx) => {
    await tx.insertMany(
      'worker',
      [
        'id_number',
        'name',
        'gender',
        'birth_date',
        'ethnicity',
        'education',
        'township_code',
        'household_type',
        'employment_status',
        'created_at',
        'updated_at',
      ],
      rows.map((r) => [...r, '汉族', 'junior', '530523101', 'agricultural', 'farming', '2026-01-01', '2026-01-01']),
    );
    const ids = await tx.column<number>(sql`SELECT id FROM worker ORDER BY id`);
    await tx.insertMany(
      'worker_target_group',
      ['worker_id', 'group_code'],
      ids.map((id) => [id, 'rural_labor']),
    );
    return ids;
  });
  return { env, token, dir, workerIds };
}

export function ratioLine(label: string, ratio: number, target: string, ok: boolean): string {
  return `${ok ? 'PASS' : 'FAIL'}  ${label}: ${ratio.toFixed(2)} (target ${target})`;
}

/** The value of a channel's answer, or the refusal thrown. */
export async function must<T = unknown>(r: Result<unknown> | Promise<Result<unknown>>): Promise<T> {
  const x = await r;
  if (!x.ok) throw new Error(x.error.message);
  return x.value as T;
}

/**
 * What the redemption benchmarks start from: an approved institution (id 1) with an operator `op`,
 * and the batch issuance of one voucher to each of `workerIds`, waited for. Returns how long the
 * issuance took (durability times it).
 */
export async function institutionWithVouchers(env: Env, token: string, workerIds: number[]): Promise<number> {
  await must(
    dispatch(env, token, 'catalog:institutionSave', {
      code: 'BENCH-01',
      name: '基准测试培训学校',
      nature: 'public',
      status: 'active',
      approvals: [{ occupationCode: '6-31-01-03', level: 'L5' }],
    }),
  );
  await must(
    dispatch(env, token, 'user:create', {
      username: 'op',
      displayName: '操作员',
      role: 'institutionOperator',
      institutionId: 1,
      password: 'Initial1234',
    }),
  );
  // The operator chooses their own password at the first login, as the app asks (the benchmarks
  // then log in with it).
  const first = await must<{ token: string }>(
    dispatch(env, null, 'auth:login', { username: 'op', password: 'Initial1234' }),
  );
  await must(
    dispatch(env, first.token, 'auth:changePassword', { oldPassword: 'Initial1234', newPassword: 'Bench1234' }),
  );
  const plan = Number(await env.db.reader.value(sql`SELECT id FROM plan WHERE code = 'skills_upgrade'`));
  const t = now();
  const job = await must<{ id: string }>(
    dispatch(env, token, 'voucher:issueBatch', {
      planId: plan,
      occupationCode: '6-31-01-03',
      level: 'L5',
      institutionId: null,
      fundSource: 'employment_subsidy',
      selection: { workerIds },
    }),
  );
  const done = await env.jobs.wait(job.id, 1);
  if (done.state !== 'done') throw new Error(`batch issuance failed: ${String(done.error)}`);
  return ms(t);
}
