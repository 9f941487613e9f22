// Batch issuance of 10,000 vouchers through the real path (rules, serials, signatures, inserts,
// events, audit) against a bare loop of the same inserts and signatures, in one run.
import { rmSync } from 'node:fs';
import { dispatch } from '../electron/core/dispatcher';
import { sql } from '../electron/db/sql';
import { getSettings } from '../electron/db/repos/settings.repo';
import { signToText } from '../electron/services/qr/cose';
import { encodeVoucherClaims, holderMac, VOUCHER_PREFIX } from '../electron/services/qr/voucherClaims';
import { makeSerial } from '../shared/domain/serial';
import { benchEnv, ms, now, ratioLine, type BenchResult } from './util';

/** `spec`: a PostgreSQL database to run on (pg.bench.ts) instead of a new SQLite file. */
export async function issueBench(n = 10_000, spec?: string): Promise<BenchResult> {
  const { env, token, dir, workerIds } = await benchEnv(n * 2, spec);
  const plan = Number(await env.db.reader.value(sql`SELECT id FROM plan WHERE code = 'skills_upgrade'`));
  const terms = {
    planId: plan,
    occupationCode: '6-31-01-03',
    level: 'L5' as const,
    institutionId: null,
    fundSource: 'employment_subsidy',
  };

  // Floor: sign and insert the same rows, nothing else.
  const signer = await env.keyring.signer(env.db.reader, 'voucher');
  const jurisdiction = (await getSettings(env.db.reader)).jurisdictionCode;
  const floorIds = workerIds.slice(n);
  const t0 = now();
  const rows = floorIds.map((workerId, i) => {
    const serial = makeSerial(jurisdiction, 2099, i + 1);
    const qr = signToText(
      VOUCHER_PREFIX,
      encodeVoucherClaims({
        serial,
        planId: plan,
        occupation: '6-31-01-03',
        level: 'L5',
        amountFen: 120000,
        issueDate: '2099-01-01',
        expiryDate: '2099-03-31',
        institutionId: null,
        holderName: '工*',
        idLast4: '0001',
        idHash: holderMac(env.secrets, '530523199001010012'),
        binding: { kind: 'mac' },
      }),
      signer,
    );
    // prettier-ignore
    return [serial, 2099, i + 1, `F${i}`, workerId, plan, '6-31-01-03', 'L5', 120000, 'employment_subsidy', '2099-01-01',
      '2099-03-31', '', signer.kid, qr, 'issued', ''];
  });
  // prettier-ignore
  const columns = ['serial', 'year', 'seq', 'fallback_code', 'worker_id', 'plan_id', 'occupation_code', 'level', 'amount_fen',
    'fund_source', 'issue_date', 'expiry_date', 'issued_at', 'kid', 'qr_text', 'status', 'status_at'];
  await env.db.write((tx) => tx.insertMany('voucher', columns, rows));
  const floorMs = ms(t0);

  const t1 = now();
  const started = await dispatch(env, token, 'voucher:issueBatch', {
    ...terms,
    selection: { workerIds: workerIds.slice(0, n) },
  });
  if (!started.ok) throw new Error(started.error.message);
  const job = await env.jobs.wait((started.value as { id: string }).id, 1);
  const oursMs = ms(t1);
  if (job.state !== 'done') throw new Error(`batch failed: ${job.error}`);
  const issued = (job.result as { issued: number }).issued;
  await env.db.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = floorMs / oursMs;
  return {
    name: `批量发券 ${n} 张${spec ? '（PostgreSQL）' : ''}`,
    ok: ratio >= 0.5 && issued === n,
    lines: [
      `bare inserts + signatures: ${floorMs.toFixed(0)} ms; full batch (rules, serials, signatures, inserts, events, audit): ${oursMs.toFixed(0)} ms; issued ${issued}`,
      ratioLine('floor / full', ratio, '≥ 0.50', ratio >= 0.5),
    ],
  };
}
