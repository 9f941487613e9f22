// The database every crash round starts from (copied fresh each round), and the files the
// operations read: workers for a batch, a signed claim package from an institution's install,
// certified vouchers to settle, and a 20,000-row worker spreadsheet.
import type { Database as Sqlite } from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import { checkCharFor } from '../../shared/domain/idNumber';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv } from '../fixtures/vouchers';
import { writeWorkbook } from '../fixtures/workersXlsx';
import { passwordChosen } from '../fixtures/passwordChosen';
import { testDb } from '../fixtures/testDb';

export const FAULT_PASSWORD = PASSWORD;
export const FAULT_PASSPHRASE = KEY_PASSPHRASE;
export const BATCH_SIZE = 1000;
export const SETTLE_SIZE = 300;
export const CLAIMS = 120;
export const IMPORT_ROWS = 20_000;

/** Workers straight into the table (no audit rows: they are the scenery, not the subject). */
function insertWorkers(db: Sqlite, n: number, birthYear: number): number[] {
  const ins = db.prepare(
    `INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
     VALUES (?, ?, 'M', ?, '汉族', 'junior', '530523101', 'agricultural', 'farming', 'x', 'x')`,
  );
  const group = db.prepare("INSERT INTO worker_target_group (worker_id, group_code) VALUES (?, 'rural_labor')");
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const birth = `${birthYear + Math.floor(i / 300)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 25) + 1).padStart(2, '0')}`;
      // Sequence numbers from 500 never meet the spreadsheet's (001 and 003).
      const id17 = `530523${birth}${String(500 + (i % 400))}`;
      const id = Number(
        ins.run(id17 + checkCharFor(id17), `场景${i}`, `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`)
          .lastInsertRowid,
      );
      group.run(id);
      ids.push(id);
    }
  })();
  return ids;
}

export async function makeFaultTemplate(dir: string): Promise<string> {
  const t = await makeVoucherEnv();
  // The crash campaign kills processes holding a SQLite file: its scenery goes straight into the file.
  const db = t.raw();
  const plan = t.plan('skills_upgrade');
  const batchWorkers = insertWorkers(db, BATCH_SIZE, 1985);

  // Certified vouchers of the institution, ready for settlement.
  const settleWorkers = insertWorkers(db, SETTLE_SIZE, 1975);
  const kid = db.prepare('SELECT kid FROM signing_key WHERE active = 1').pluck().get() as string;
  const v = db.prepare(
    `INSERT INTO voucher (serial, year, seq, fallback_code, worker_id, plan_id, occupation_code, level, amount_fen, fund_source,
       issue_date, expiry_date, issued_at, kid, qr_text, status, status_at, stat_township, stat_groups, stat_institution,
       redeemed_on, certified_on)
     VALUES (?, 2025, ?, ?, ?, ?, '4-10-01-05', 'L5', 150000, 'employment_subsidy', '2025-06-01', '2025-08-31', 'x', ?, 'q',
       'certified', 'x', '530523101', '["rural_labor"]', ?, '2025-06-05', '2025-07-01')`,
  );
  db.transaction(() =>
    settleWorkers.forEach((w, i) =>
      v.run(`530523-2025-${String(i + 1).padStart(6, '0')}-0`, i + 1, `S${i}`, w, plan, kid, t.institutionId),
    ),
  )();

  // An institution's install redeems vouchers offline and exports its signed claim package.
  const bundle = await t.must(t.adminToken, 'trust:export', {});
  const inst = await createEnv(join(t.dir, 'institution.db'), { clock: t.clock });
  const call = async (token: string | null, channel: string, input: unknown) => {
    const r = await dispatch(inst, token, channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as { token: string; text: string };
  };
  const instAdmin = (
    await call(null, 'auth:setupAdmin', { username: 'admin', displayName: '机构管理员', password: PASSWORD })
  ).token;
  await call(instAdmin, 'institution:setup', {
    bundleText: JSON.stringify(bundle),
    institutionCode: 'LL-PX-001',
    passphrase: 'institution passphrase',
  });
  await t.must(t.adminToken, 'institution:bind', {
    text: (await call(instAdmin, 'institution:registration', {})) as unknown as string,
  });
  await call(instAdmin, 'user:create', {
    username: 'op',
    displayName: '机构操作员',
    role: 'institutionOperator',
    institutionId: t.institutionId,
    password: PASSWORD,
  });
  await passwordChosen(testDb(inst.db), 'op');
  const op = (await call(null, 'auth:login', { username: 'op', password: PASSWORD })).token;
  const vouchers: { qrText: string; idNumber: string }[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const idNumber = makeId('530523', '19950101', 500 + i);
    const workerId = await t.newWorker({ idNumber });
    const issued = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
    vouchers.push({ qrText: issued.qrText, idNumber });
  }
  // The offline holder check needs the verifiers of the bureau's status file for this institution.
  const status = await t.must(t.reviewer, 'status:export', { institutionCode: 'LL-PX-001' });
  await call(instAdmin, 'status:import', { text: status.text });
  for (const { qrText, idNumber } of vouchers) {
    const r = (await call(op, 'redeem:confirm', { text: qrText, idNumber })) as unknown as {
      ok: boolean;
      message: string;
    };
    if (!r.ok) throw new Error(`fault data: redeem:confirm refused: ${r.message}`);
  }
  writeFileSync(join(dir, 'claims.txt'), (await call(op, 'claims:export', {})).text);
  await inst.db.close();

  await writeWorkbook(join(dir, 'workers.xlsx'), IMPORT_ROWS);
  writeFileSync(join(dir, 'data.json'), JSON.stringify({ batchWorkers, planId: plan, institutionId: t.institutionId }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  await t.env.db.close();
  return t.file;
}
