// Crash safety: each round copies the template database, starts one operation in a child
// process, kills it with SIGKILL at a random moment, and checks that the database is intact and
// that the operation is either wholly there or wholly absent.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { verifyAuditChain } from '../../electron/services/audit.service';
import { readSecretFile } from '../../electron/core/secrets';
import { sqliteReader } from '../../electron/db/driver/sqlite';
import { BATCH_SIZE, CLAIMS, IMPORT_ROWS, makeFaultTemplate, SETTLE_SIZE } from './faultData';

export const OPS = ['batch', 'claims', 'settle', 'import'] as const;
type Op = (typeof OPS)[number];

export interface FaultReport {
  faults: number;
  /** Rounds in which the operation had committed before the kill. */
  completedBeforeKill: number;
  integrityFailures: number;
  auditFailures: number;
  /** Half-written operations or statistics that no longer match their rows: must be 0. */
  rowsLost: number;
  details: string[];
}

const one = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

/** What must hold after a kill, whatever the moment: returns the violations found. */
export function invariants(db: Database.Database, op: Op): string[] {
  const bad: string[] = [];
  const expect = (ok: boolean, what: string) => ok || bad.push(what);
  const batch = one(db, 'SELECT count(*) FROM voucher WHERE batch_id IS NOT NULL');
  expect(batch === 0 || batch === BATCH_SIZE, `批量发券只写了一部分：${batch}/${BATCH_SIZE}`);
  const packages = one(db, 'SELECT count(*) FROM claim_package');
  const claimed = one(db, "SELECT count(*) FROM redemption WHERE source = 'claim'");
  expect(packages === 0 ? claimed === 0 : claimed === CLAIMS, `申报包只导入了一部分：${claimed}/${CLAIMS}`);
  const records = one(db, 'SELECT count(*) FROM claim_record');
  const summed = one(db, 'SELECT coalesce(sum(applied + conflicts), 0) FROM claim_package');
  expect(records === summed, `申报记录 ${records} 条与申报包合计 ${summed} 不符`);
  const settled = one(db, "SELECT count(*) FROM voucher WHERE status = 'settled'");
  const paidItems = one(
    db,
    "SELECT count(*) FROM settlement_item i JOIN settlement_batch b ON b.id = i.batch_id WHERE b.status = 'paid' AND i.live = 1",
  );
  expect(settled === paidItems, `已结算券 ${settled} 张与已拨付批次明细 ${paidItems} 条不符`);
  expect(settled === 0 || settled === SETTLE_SIZE, `拨付只完成了一部分：${settled}/${SETTLE_SIZE}`);
  const totals = one(
    db,
    'SELECT count(*) FROM settlement_batch b WHERE total_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM settlement_item WHERE batch_id = b.id AND live = 1)',
  );
  expect(totals === 0, `${totals} 个结算批次的合计与明细不符`);
  const imported = one(db, "SELECT count(*) FROM worker WHERE name GLOB '工*'");
  expect(imported === 0 || imported === IMPORT_ROWS, `表格导入只写了一部分：${imported}/${IMPORT_ROWS}`);
  const importAudit = one(db, "SELECT count(*) FROM audit_log WHERE channel = 'import:workers' AND action = 'create'");
  expect(importAudit === imported, `导入的劳动者 ${imported} 人与审计记录 ${importAudit} 条不符`);
  const stats = db
    .prepare("SELECT sum(n), sum(n_settled), sum(ever_redeemed) FROM voucher_stat WHERE dim = 'township'")
    .raw()
    .get();
  const direct = db
    .prepare("SELECT count(*), sum(status = 'settled'), sum(redeemed_on IS NOT NULL) FROM voucher")
    .raw()
    .get();
  expect(
    JSON.stringify(stats) === JSON.stringify(direct),
    `统计 ${JSON.stringify(stats)} 与券 ${JSON.stringify(direct)} 不符`,
  );
  void op;
  return bad;
}

function runChild(
  op: Op,
  db: string,
  dataDir: string,
  killAfterMs: number | null,
): Promise<{ ready: number; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/reliability/crashChild.ts', op, db, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let readyAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!readyAt && out.includes('ready')) {
        readyAt = Date.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`${op} child failed (${code}): ${err.slice(-500)}`));
      else resolve({ ready: readyAt ? Date.now() - readyAt : 0, done: out.includes('done') });
    });
  });
}

/** A database and the install secret beside it travel together: the secret keys its audit chain. */
function copyWithSecret(from: string, to: string) {
  copyFileSync(from, to);
  copyFileSync(`${from}.secret`, `${to}.secret`);
}

export async function runFaultCampaign(opts: { kills: number; log?: (line: string) => void }): Promise<FaultReport> {
  const log = opts.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'longling-faults-'));
  const template = await makeFaultTemplate(dataDir);
  const report: FaultReport = {
    faults: 0,
    completedBeforeKill: 0,
    integrityFailures: 0,
    auditFailures: 0,
    rowsLost: 0,
    details: [],
  };
  const check = async (file: string, op: Op, label: string) => {
    const db = new Database(file);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') {
        report.integrityFailures++;
        report.details.push(`${label}: integrity_check ${String(integrity)}`);
      }
      const chain = await verifyAuditChain(sqliteReader(db), { secrets: readSecretFile(`${file}.secret`) });
      if (!chain.ok) {
        report.auditFailures++;
        report.details.push(`${label}: 审计链 ${chain.reason}`);
      }
      const bad = invariants(db, op);
      report.rowsLost += bad.length;
      report.details.push(...bad.map((b) => `${label}: ${b}`));
    } finally {
      db.close();
    }
  };
  try {
    // One uninterrupted run of each operation: how long it takes, and that a finished one checks out.
    const duration = new Map<Op, number>();
    for (const op of OPS) {
      const file = join(dataDir, `full-${op}.db`);
      copyWithSecret(template, file);
      const r = await runChild(op, file, dataDir, null);
      if (!r.done) throw new Error(`${op} did not finish`);
      duration.set(op, Math.max(r.ready, 50));
      await check(file, op, `${op} 完整运行`);
      log(`calibrated ${op}: ${r.ready} ms`);
    }
    for (let k = 0; k < opts.kills; k++) {
      const op = OPS[k % OPS.length]!;
      const file = join(dataDir, `round-${k}.db`);
      copyWithSecret(template, file);
      // Anywhere from the start to just before the usual end: most kills land inside the operation.
      const at = Math.floor(Math.random() * duration.get(op)! * 0.9);
      const r = await runChild(op, file, dataDir, at);
      report.faults++;
      if (r.done) report.completedBeforeKill++;
      await check(file, op, `第 ${k + 1} 次 ${op}（${at} ms 后 SIGKILL）`);
      log(`kill ${k + 1}/${opts.kills}: ${op} after ${at} ms${r.done ? ' (had finished)' : ''}`);
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      rmSync(`${file}.secret`, { force: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(template), { recursive: true, force: true });
  }
  return report;
}
