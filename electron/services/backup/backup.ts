// Online backups (SQLite's backup API: a consistent copy while the app keeps working) and a
// restore that trusts nothing it has not checked: the copy must pass integrity_check, be a
// database of this program no newer than it, and carry an intact audit chain.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SqliteDatabase } from '../../db/driver/types';
import { checkpointFile, factsOf, onlineBackup, openReadOnly } from '../../db/sqliteFile';
import { durableRename, fsyncPath } from '../../db/durable';
import { LATEST_VERSION } from '../../db/migrations';
import { AppError } from '../../core/errors';
import type { AuditVerifyInfo, AuditVerifyResult } from '../../../shared/contract/schemas/audit';
import type { InstallSecrets } from '../../core/secrets';
import { verifyAuditChain } from '../audit/chain';

export interface BackupCheck {
  ok: boolean;
  schemaVersion: number;
  auditRows: number;
  workers: number;
  vouchers: number;
  /** Why the file cannot be restored, in Chinese, when not ok. */
  problem: string | null;
  /** What the audit check covered (keyed rows, witnesses, the .witness.json beside the file) and what it could not. */
  audit: AuditVerifyInfo | null;
}

/** The signed head written beside each backup: it proves what the copy held when it was made. */
export const witnessFileOf = (backup: string) => `${backup}.witness.json`;

export interface BackupFile {
  file: string;
  bytes: number;
  at: string;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
export const BACKUP_PATTERN = /^longling-\d{8}-\d{6}\.db$/;

/**
 * Checks a database file without changing it (opened read-only). With the install secret the
 * keyed audit rows are checked in full; a `.witness.json` beside the file is checked too.
 */
export async function checkBackup(file: string, secrets: InstallSecrets | null = null): Promise<BackupCheck> {
  const fail = (problem: string, schemaVersion = 0): BackupCheck => ({
    ok: false,
    schemaVersion,
    auditRows: 0,
    workers: 0,
    vouchers: 0,
    problem,
    audit: null,
  });
  if (!existsSync(file)) return fail(`找不到备份文件 ${file}`);
  let opened: ReturnType<typeof openReadOnly>;
  try {
    opened = openReadOnly(file);
  } catch (e) {
    return fail(`无法打开备份文件：${(e as Error).message}`);
  }
  try {
    const facts = factsOf(opened.conn);
    if (facts.integrity === null) return fail('该文件不是数据库文件，或已损坏');
    if (facts.integrity !== 'ok') return fail(`备份文件已损坏（integrity_check：${facts.integrity}）`);
    const version = facts.version;
    if (!facts.hasAudit || version < 1) return fail('该文件不是本程序的数据库备份', version);
    if (version > LATEST_VERSION)
      return fail(
        `备份由更新版本的程序创建（数据库版本 ${version}，本程序支持到 ${LATEST_VERSION}），请先升级程序`,
        version,
      );
    const beside = witnessFileOf(file);
    let witness: string | null = null;
    try {
      witness = existsSync(beside) ? readFileSync(beside, 'utf8') : null;
    } catch {
      witness = null;
    }
    let chain: AuditVerifyResult;
    try {
      chain = await verifyAuditChain(opened.reader, { secrets, witness });
    } catch (e) {
      return fail(`备份旁的见证文件无法使用：${(e as Error).message}`, version);
    }
    if (!chain.ok) return { ...fail(`备份中的审计日志链不完整：${chain.reason}`, version), audit: chain };
    return {
      ok: true,
      schemaVersion: version,
      auditRows: chain.rows,
      workers: facts.workers,
      vouchers: facts.vouchers,
      problem: null,
      audit: chain,
    };
  } finally {
    opened.conn.close();
  }
}

/**
 * Copies the live database to `out` through SQLite's backup API, into a temporary name first, and
 * keeps it only if it checks out; a half-written copy never carries the final name.
 */
export async function backupTo(
  db: SqliteDatabase,
  out: string,
  secrets: InstallSecrets | null = null,
): Promise<BackupCheck> {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  try {
    // One self-contained file (no -wal/-shm beside it), fit to carry away on a USB drive.
    await onlineBackup(db, tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('INTERNAL', `备份失败：${(e as Error).message}（请检查目标文件夹是否可写、U 盘空间是否足够）`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  const check = await checkBackup(tmp, secrets);
  if (!check.ok) {
    rmSync(tmp, { force: true });
    throw new AppError('INTERNAL', `备份完成后校验失败：${check.problem}`);
  }
  durableRename(tmp, out);
  return check;
}

/** A dated backup in `dir`, then all but the newest `keep` dated backups there are removed. */
export async function backupInto(
  db: SqliteDatabase,
  dir: string,
  keep: number,
  now: Date,
  secrets: InstallSecrets | null = null,
): Promise<BackupFile & { check: BackupCheck }> {
  const file = join(dir, `longling-${stamp(now)}.db`);
  const check = await backupTo(db, file, secrets);
  pruneBackups(dir, keep);
  return { file, bytes: statSync(file).size, at: now.toISOString(), check };
}

/** Keeps the newest `keep` dated backups in `dir`; older ones go with the witness written beside each. */
export function pruneBackups(dir: string, keep: number, pattern = BACKUP_PATTERN): void {
  for (const old of listBackups(dir, pattern).slice(keep)) {
    rmSync(old.file, { force: true });
    rmSync(witnessFileOf(old.file), { force: true });
  }
}

/** Dated backups in `dir`, newest first: SQLite files, or (with PG_BACKUP_PATTERN) pg_dump archives. */
export function listBackups(dir: string, pattern = BACKUP_PATTERN): BackupFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .reverse()
    .map((f) => {
      const file = join(dir, f);
      const s = statSync(file);
      return { file, bytes: s.size, at: s.mtime.toISOString() };
    });
}

/**
 * Replaces the database at `dbFile` (which no process may have open) with a checked backup. The
 * current file is kept first as a safety copy beside it; returns that copy's path.
 */
export async function restoreFrom(
  dbFile: string,
  from: string,
  now: Date,
  secrets: InstallSecrets | null = null,
): Promise<{ safetyCopy: string | null; check: BackupCheck }> {
  const check = await checkBackup(from, secrets);
  if (!check.ok) throw new AppError('VALIDATION', `备份未通过校验，未恢复：${check.problem}`);
  let safetyCopy: string | null = null;
  if (existsSync(dbFile)) {
    safetyCopy = join(dirname(dbFile), `${basename(dbFile, '.db')}.恢复前-${stamp(now)}.db`);
    // Through SQLite, so that anything still in the write-ahead log is in the safety copy too.
    checkpointFile(dbFile);
    copyFileSync(dbFile, safetyCopy);
    fsyncPath(safetyCopy);
  }
  const tmp = `${dbFile}.restoring`;
  copyFileSync(from, tmp);
  for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  durableRename(tmp, dbFile);
  return { safetyCopy, check };
}
