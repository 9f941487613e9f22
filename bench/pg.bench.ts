// The county server's benchmarks on PostgreSQL (issue 15 §6), each beside its floor in the same run:
// redemption by 20 concurrent clients against a bare loop of the same conditional UPDATE with the
// same concurrency; the import of 100,000 workers against a bare COPY of the same rows; batch
// issuance against bare inserts plus signatures. Skipped with a one-line reason without PostgreSQL.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { dispatch } from '../electron/core/dispatcher';
import { sql } from '../electron/db/sql';
import { idForRow } from '../tests/fixtures/workersXlsx';
import { issueBench } from './issue.bench';
import { concurrently, csvField, pgDatabase, pgSkipReason, psqlCopy, skipped } from './pgUtil';
import { benchEnv, institutionWithVouchers, ms, must, now, ratioLine, type BenchResult } from './util';

const CLIENTS = 20;

export async function pgRedeemBench(n = 1000): Promise<BenchResult> {
  const name = `PostgreSQL 核销吞吐（${CLIENTS} 个并发客户端，各 ${n} 张）`;
  const skip = pgSkipReason();
  if (skip) return skipped(name, skip);
  const db = await pgDatabase('bench_redeem');
  const { env, token, dir, workerIds } = await benchEnv(2 * n, db.url);
  await institutionWithVouchers(env, token, workerIds);
  const vouchers = await env.db.reader.all<{ vid: number; qr: string; idn: string }>(
    sql`SELECT v.id AS vid, v.qr_text AS qr, w.id_number AS idn FROM voucher v JOIN worker w ON w.id = v.worker_id ORDER BY v.id`,
  );
  const floorSet = vouchers.filter((_, i) => i % 2 === 0);
  const appSet = vouchers.filter((_, i) => i % 2 === 1);

  // Floor: the same conditional UPDATE, 20 connections at once, nothing else.
  const pool = new pg.Pool({ connectionString: db.url, max: CLIENTS });
  const at = new Date().toISOString();
  let floorOk = 0;
  let floorRetries = 0;
  let t = now();
  await concurrently(floorSet, CLIENTS, async (v) => {
    const q = sql`UPDATE voucher SET status = 'redeemed', status_at = ${at} WHERE id = ${v.vid} AND status = 'issued'`;
    // Without the app's lock, concurrent UPDATEs meet in the voucher_stat rows their trigger folds
    // into and PostgreSQL may pick one as a deadlock victim: it is tried again, as the app would.
    for (let n = 0; ; n++) {
      try {
        const changed = (await pool.query(q.render('pg'))).rowCount ?? 0;
        floorOk += changed;
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== '40P01' || n >= 5) throw e;
        floorRetries++;
      }
    }
  });
  const floorRate = floorOk / (ms(t) / 1000);
  await pool.end();

  const op = await must<{ token: string }>(
    dispatch(env, null, 'auth:login', { username: 'op', password: 'Bench1234' }),
  );
  let appOk = 0;
  t = now();
  await concurrently(appSet, CLIENTS, async (v) => {
    const r = await must<{ ok: boolean }>(
      dispatch(env, op.token, 'redeem:confirm', { text: v.qr, idNumber: v.idn }, { address: null, kind: 'cli' }),
    );
    if (r.ok) appOk++;
  });
  const appRate = appOk / (ms(t) / 1000);
  await env.db.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
  const ratio = appRate / floorRate;
  // A deadlock costs the floor a second (deadlock_timeout) and would flatter the ratio: not counted.
  const disturbed = floorRetries > 0;
  return {
    name,
    ok: !disturbed && ratio >= 0.5 && appOk === appSet.length && floorOk === floorSet.length,
    lines: [
      `bare conditional UPDATE: ${floorRate.toFixed(0)}/s (${floorOk}, ${floorRetries} retried after a deadlock); full redemption (verify, holder check, rules, redemption, events, audit): ${appRate.toFixed(0)}/s (${appOk})`,
      disturbed
        ? `FAIL  the floor met ${floorRetries} deadlock(s) and waited for each: ratio ${ratio.toFixed(2)} not counted, run again`
        : ratioLine('full / bare', ratio, '≥ 0.50', ratio >= 0.5),
    ],
  };
}

const TOWNS = [
  '龙山镇',
  '镇安镇',
  '勐糯镇',
  '腊勐镇',
  '象达镇',
  '龙江乡',
  '碧寨乡',
  '龙新乡',
  '平达乡',
  '木城彝族傈僳族乡',
];
const CSV_HEAD = '姓名,公民身份号码,民族,文化程度,手机号码,乡镇,村（社区）,详细地址,户口性质,就业状态,重点群体';
const nameOf = (i: number) => `工${String(i).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!)}`;

/** The rows a township keeps, as the .csv the import takes (the .xlsx benchmark measures parsing). */
function rosterCsv(n: number): string {
  const lines = [CSV_HEAD];
  for (let i = 0; i < n; i++)
    lines.push(
      [
        nameOf(i),
        idForRow(i),
        '汉族',
        '初中',
        `139${String(i).padStart(8, '0')}`,
        TOWNS[i % 10]!,
        '某村',
        '',
        '农业户口',
        '务农',
        '农村劳动力',
      ]
        .map(csvField)
        .join(','),
    );
  return lines.join('\n') + '\n';
}

const WORKER_COLUMNS = ['id', 'id_number', 'name', 'gender', 'birth_date', 'phone', 'township_code', 'village', 'ethnicity',
  'education', 'household_type', 'employment_status', 'created_at', 'updated_at'] as const; // prettier-ignore

export async function pgImportBench(n = 100_000): Promise<BenchResult> {
  const name = `PostgreSQL 导入 ${n} 名劳动者`;
  const skip = pgSkipReason();
  if (skip) return skipped(name, skip);
  const csv = Buffer.from(rosterCsv(n));

  // Floor: COPY of the same rows as the table stores them, into a fresh database.
  const bare = await pgDatabase('bench_copy');
  const probe = await benchEnv(0, bare.url);
  const codes = new Map(
    (await probe.env.db.reader.all<{ code: string; name: string }>(sql`SELECT code, name FROM township`)).map((r) => [
      r.name,
      r.code,
    ]),
  );
  const at = new Date().toISOString();
  const workerCsv: string[] = [];
  const groupCsv: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = idForRow(i);
    const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    const gender = Number(id[16]) % 2 === 1 ? 'M' : 'F';
    const row = [i + 1, id, nameOf(i), gender, birth, `139${String(i).padStart(8, '0')}`, codes.get(TOWNS[i % 10]!)!,
      '某村', '汉族', 'junior', 'agricultural', 'farming', at, at]; // prettier-ignore
    workerCsv.push(row.map(csvField).join(','));
    groupCsv.push(`${i + 1},rural_labor`);
  }
  const workerText = workerCsv.join('\n') + '\n';
  const groupText = groupCsv.join('\n') + '\n';
  let t = now();
  await psqlCopy(bare.url, 'worker', WORKER_COLUMNS, workerText);
  await psqlCopy(bare.url, 'worker_target_group', ['worker_id', 'group_code'], groupText);
  const copyMs = ms(t);
  await probe.env.db.close();
  await bare.drop();
  rmSync(probe.dir, { recursive: true, force: true });

  // The app: the whole import through the dispatcher (parse, validate, insert, audit).
  const db = await pgDatabase('bench_import');
  const { env, token, dir } = await benchEnv(0, db.url);
  const file = join(dir, 'workers.csv');
  writeFileSync(file, csv);
  t = now();
  const r = await must<{ imported: number }>(
    dispatch(env, token, 'import:workers', {
      fileName: 'workers.csv',
      base64: readFileSync(file).toString('base64'),
      commit: true,
    }),
  );
  const importMs = ms(t);
  const count = Number(await env.db.reader.value(sql`SELECT count(*) FROM worker`));
  await env.db.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
  const ratio = copyMs / importMs;
  return {
    name,
    ok: ratio >= 0.3 && r.imported === n && count === n,
    lines: [
      `bare COPY (psql \\copy of worker and worker_target_group rows): ${copyMs.toFixed(0)} ms; full import of the .csv (parse, validate, insert, audit): ${importMs.toFixed(0)} ms; imported ${r.imported}`,
      ratioLine('COPY / full import', ratio, '≥ 0.30', ratio >= 0.3),
    ],
  };
}

export async function pgIssueBench(n = 10_000): Promise<BenchResult> {
  const skip = pgSkipReason();
  if (skip) return skipped(`PostgreSQL 批量发券 ${n} 张`, skip);
  const db = await pgDatabase('bench_issue');
  try {
    return await issueBench(n, db.url);
  } finally {
    await db.drop();
  }
}
