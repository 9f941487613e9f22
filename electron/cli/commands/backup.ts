import { existsSync } from 'node:fs';
import { resolveDbPath } from '../../core/paths';
import { openRaw } from '../../db/connection';
import { AppError } from '../../core/errors';
import { readSecretFile } from '../../core/secrets';
import { runBackup, witnessedBackupTo } from '../../services/backup/backup.service';
import { checkBackup, restoreFrom, type BackupCheck } from '../../services/backup/backup';
import { secretsIfPresent } from './audit';
import { cliJobCtx, openCli } from '../runtime';
import { str, type CommandTable } from './types';

/**
 * Refuses while another process (the desktop app, the web host) has the file open: an exclusive
 * lock on a WAL database is granted only to a connection that is alone on it.
 */
function ensureClosed(dbFile: string) {
  if (!existsSync(dbFile)) return;
  const db = openRaw(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY')
      throw new AppError('CONFLICT', '数据库仍被其他程序使用（桌面程序或网页版），请先关闭它们再恢复');
    throw e;
  } finally {
    db.close();
  }
}

/** What the audit check of a backup could not cover (no secret on this machine, no witness beside it). */
function printAuditLimits(check: BackupCheck, out: (t: string) => void) {
  if (check.audit?.witness) out(`审计链与备份旁的见证相符（第 ${check.audit.witness.row} 行）`);
  for (const l of check.audit?.limits ?? []) out(`注意：${l}`);
}

export const backupCommands: CommandTable = {
  backup: {
    usage:
      'backup --db FILE (--out FILE.db | --dir 文件夹) [--json]   在线备份数据库（程序运行时也可备份），并校验备份',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const out = str(flags, 'out', false);
        const dir = str(flags, 'dir', false);
        if (!out && !dir) throw new AppError('VALIDATION', '请用 --out 指定备份文件，或用 --dir 指定备份文件夹');
        const user = cli.session.user.username;
        const made = out
          ? { file: out, ...(await witnessedBackupTo(cliJobCtx(cli, 'backup:run'), out)) }
          : await runBackup(cliJobCtx(cli, 'backup:run'), dir!, user);
        const check = await checkBackup(made.file, cli.env.secrets);
        if (flags.json) io.out(JSON.stringify({ file: made.file, ...check }));
        else
          io.out(
            `已备份到 ${made.file}（校验通过：${check.workers} 名劳动者，${check.vouchers} 张培训券，审计记录 ${check.auditRows} 条）`,
          );
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
  'backup check': {
    usage:
      'backup check --file FILE.db [--secret 密钥文件] [--json]   校验一个备份文件能否用于恢复（连同旁边的 .witness.json 见证）',
    async run(flags, io) {
      const secretFile = str(flags, 'secret', false) ?? process.env.LONGLING_SECRET_FILE;
      const check = await checkBackup(str(flags, 'file', true), secretFile ? readSecretFile(secretFile) : null);
      if (flags.json) io.out(JSON.stringify(check));
      else
        io.out(
          check.ok
            ? `备份可用：第 ${check.schemaVersion} 版，${check.workers} 名劳动者，${check.vouchers} 张培训券`
            : `备份不可用：${check.problem}`,
        );
      if (!flags.json) printAuditLimits(check, io.out);
      return check.ok ? 0 : 1;
    },
  },
  restore: {
    usage: 'restore --db FILE --from BACKUP.db [--json]   先校验备份，保留当前数据库的安全副本，再恢复（须先关闭程序）',
    async run(flags, io) {
      const dbFile = resolveDbPath(str(flags, 'db', false));
      const from = str(flags, 'from', true);
      ensureClosed(dbFile);
      const { safetyCopy, check } = await restoreFrom(dbFile, from, new Date(), secretsIfPresent(dbFile));
      // Opening migrates an older backup to this version and proves the result opens.
      const cli = await openCli(dbFile);
      await cli.close();
      if (flags.json) io.out(JSON.stringify({ restored: dbFile, from, safetyCopy, ...check }));
      else {
        io.out(`已从 ${from} 恢复：${check.workers} 名劳动者，${check.vouchers} 张培训券。`);
        if (safetyCopy) io.out(`恢复前的数据库已另存为 ${safetyCopy}`);
      }
      return 0;
    },
  },
};
