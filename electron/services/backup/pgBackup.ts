// Backups of the county server's PostgreSQL database: a pg_dump archive, checked the only way that
// proves it restores — restored into a temporary database, its schema version and audit chain
// verified there (against the witness signed into it), then the temporary database dropped.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InstallSecrets } from '../../core/secrets';
import { AppError } from '../../core/errors';
import { durableRename } from '../../db/durable';
import { openForReading } from '../../db/open';
import { dumpTo, restoreInto, scratchDatabase, tableCount } from '../../db/pgDump';
import { backupFacts } from '../../db/repos/backup.repo';
import { LATEST_VERSION } from '../../db/migrations';
import { verifyAuditChain } from '../audit/chain';
import { writeWitnessFile, type WitnessEnvelope } from '../audit/witness';
import { listBackups, pruneBackups, witnessFileOf, type BackupCheck, type BackupFile } from './backup';

export const PG_BACKUP_PATTERN = /^longling-\d{8}-\d{6}\.dump$/;

const stamp = (d: Date) =>
  `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}-${String(
    d.getHours(),
  ).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}${String(d.getSeconds()).padStart(2, '0')}`;

function failed(problem: string, schemaVersion = 0): BackupCheck {
  return { ok: false, schemaVersion, auditRows: 0, workers: 0, vouchers: 0, problem, audit: null };
}

/**
 * Restores `file` into a temporary database beside `serverUrl` (or into `checkUrl`, an empty
 * database the caller provides) and verifies it there: schema version, counts, the audit chain with
 * this install's secret and the witness beside the archive.
 */
export async function checkPgBackup(
  file: string,
  serverUrl: string,
  secrets: InstallSecrets | null,
  checkUrl?: string,
): Promise<BackupCheck> {
  if (!existsSync(file)) return failed(`找不到备份文件 ${file}`);
  const scratch = checkUrl ? { url: checkUrl, drop: async () => undefined } : await scratchDatabase(serverUrl);
  try {
    if (checkUrl && (await tableCount(checkUrl)) > 0)
      throw new AppError('VALIDATION', '--check-db 指定的数据库不是空的：校验会把备份恢复进去，请给一个空数据库');
    try {
      await restoreInto(scratch.url, file);
    } catch (e) {
      return failed(`备份无法恢复：${(e as Error).message}`);
    }
    const db = await openForReading(scratch.url);
    try {
      const facts = await backupFacts(db.reader);
      if (!facts.hasAudit) return failed('该文件不是本程序的数据库备份', facts.version);
      if (facts.version > LATEST_VERSION)
        return failed(
          `备份由更新版本的程序创建（数据库版本 ${facts.version}，本程序支持到 ${LATEST_VERSION}），请先升级程序`,
          facts.version,
        );
      const beside = witnessFileOf(file);
      const witness = existsSync(beside) ? readFileSync(beside, 'utf8') : null;
      const chain = await verifyAuditChain(db.reader, { secrets, witness });
      if (!chain.ok) return { ...failed(`备份中的审计日志链不完整：${chain.reason}`, facts.version), audit: chain };
      return {
        ok: true,
        schemaVersion: facts.version,
        auditRows: chain.rows,
        workers: facts.workers,
        vouchers: facts.vouchers,
        problem: null,
        audit: chain,
      };
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}

/**
 * pg_dump into a temporary name, checked (with `witness`, the head signed just before, beside it),
 * then renamed with its witness: a half-written archive never has the final name.
 */
export async function pgBackupTo(
  serverUrl: string,
  out: string,
  secrets: InstallSecrets | null,
  witness: WitnessEnvelope,
  checkUrl?: string,
): Promise<BackupCheck> {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  rmSync(tmp, { force: true });
  try {
    await dumpTo(serverUrl, tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('INTERNAL', `备份失败：${(e as Error).message}`);
  }
  writeWitnessFile(witnessFileOf(tmp), witness);
  let check: BackupCheck;
  try {
    check = await checkPgBackup(tmp, serverUrl, secrets, checkUrl);
    if (!check.ok) throw new AppError('INTERNAL', `备份完成后校验失败：${check.problem}`);
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(witnessFileOf(tmp), { force: true });
    throw e;
  }
  durableRename(witnessFileOf(tmp), witnessFileOf(out));
  durableRename(tmp, out);
  return check;
}

/** Dated archives in `dir`, newest first. */
export const listPgBackups = (dir: string): BackupFile[] => listBackups(dir, PG_BACKUP_PATTERN);

/** The dated name for a backup made now in `dir`, and the older ones to remove once it is made. */
export function pgBackupName(dir: string, now: Date): string {
  return join(dir, `longling-${stamp(now)}.dump`);
}

export const prunePgBackups = (dir: string, keep: number): void => pruneBackups(dir, keep, PG_BACKUP_PATTERN);

/**
 * Restores an archive into the empty database of `targetUrl` (made by the database's owner, with
 * nothing in it yet): the archive is checked first, then restored in one transaction.
 */
export async function pgRestore(targetUrl: string, file: string, secrets: InstallSecrets | null): Promise<BackupCheck> {
  if ((await tableCount(targetUrl)) > 0)
    throw new AppError(
      'VALIDATION',
      '目标数据库不是空的，未恢复：请让数据库管理员新建一个空数据库（或改名保留现有数据库）后，再恢复到新库',
    );
  const check = await checkPgBackup(file, targetUrl, secrets);
  if (!check.ok) throw new AppError('VALIDATION', `备份未通过校验，未恢复：${check.problem}`);
  await restoreInto(targetUrl, file);
  return check;
}
