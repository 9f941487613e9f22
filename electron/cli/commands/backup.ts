import { existsSync } from 'node:fs';
import { resolveDbPath } from '../../core/paths';
import { openRaw } from '../../db/connection';
import { AppError } from '../../core/errors';
import { readSecretFile } from '../../core/secrets';
import { makeBackup, witnessedBackupTo } from '../../services/backup/backup.service';
import { checkPgBackup, pgRestore } from '../../services/backup/pgBackup';
import { isPgUrl } from '../../db/open';
import { redactUrl } from '../../db/driver/pg';
import { checkBackup, restoreFrom, type BackupCheck } from '../../services/backup/backup';
import { secretsIfPresent } from './audit';
import { cliJobCtx, openCli } from '../runtime';
import { str, type CommandTable } from './types';

/**
 * Refuses while another process (the desktop app, the web host) has the file open: an exclusive
 * lock on a WAL database is granted only to a connection that is alone on it.
 */
export function ensureClosed(
  dbFile: string,
  busyMessage = '数据库仍被其他程序使用（桌面程序或网页版），请先关闭它们再恢复',
) {
  if (!existsSync(dbFile)) return;
  const db = openRaw(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new AppError('CONFLICT', busyMessage);
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
      'backup --db FILE|URL (--out 备份文件 | --dir 文件夹) [--check-db URL] [--json]   在线备份并校验（SQLite 文件用 SQLite 备份接口，PostgreSQL 用 pg_dump 并恢复到临时库校验）',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const out = str(flags, 'out', false);
        const dir = str(flags, 'dir', false);
        if (!out && !dir) throw new AppError('VALIDATION', '请用 --out 指定备份文件，或用 --dir 指定备份文件夹');
        const ctx = cliJobCtx(cli, 'backup:run');
        const pg = cli.env.db.engine === 'pg';
        if (pg && out && !out.endsWith('.dump'))
          throw new AppError('VALIDATION', 'PostgreSQL 数据库的备份是 pg_dump 归档，请用 .dump 作为 --out 的扩展名');
        const { file, check } = out
          ? { file: out, check: await witnessedBackupTo(ctx, out, str(flags, 'check-db', false)) }
          : await (async () => {
              const r = await makeBackup(ctx, dir!, cli.session.user.username);
              return { file: r.made.file, check: r.check };
            })();
        if (flags.json) io.out(JSON.stringify({ file, ...check }));
        else
          io.out(
            `已备份到 ${file}（校验通过${pg ? '：已恢复到临时数据库核对' : ''}：${check.workers} 名劳动者，${check.vouchers} 张培训券，审计记录 ${check.auditRows} 条）`,
          );
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
  'backup check': {
    usage:
      'backup check --file 备份文件 [--db URL] [--secret 密钥文件] [--json]   校验备份能否用于恢复（连同旁边的 .witness.json 见证）；.dump 归档须给出 --db（在其服务器上建临时库恢复校验）',
    async run(flags, io) {
      const secretFile = str(flags, 'secret', false) ?? process.env.LONGLING_SECRET_FILE;
      const file = str(flags, 'file', true);
      const secrets = secretFile ? readSecretFile(secretFile) : null;
      let check: BackupCheck;
      if (file.endsWith('.dump')) {
        const url = str(flags, 'db', false) ?? process.env.LONGLING_DB;
        if (!url || !isPgUrl(url))
          throw new AppError(
            'VALIDATION',
            '校验 PostgreSQL 备份（.dump）须用 --db postgres://… 指定在哪台服务器上建临时库恢复',
          );
        check = await checkPgBackup(file, url, secrets ?? secretsIfPresent(url), str(flags, 'check-db', false));
      } else check = await checkBackup(file, secrets);
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
    usage:
      'restore --db FILE|URL --from 备份文件 [--json]   先校验备份再恢复：SQLite 保留当前文件的安全副本（须先关闭程序）；PostgreSQL 恢复到一个新建的空数据库',
    async run(flags, io) {
      const spec = resolveDbPath(str(flags, 'db', false));
      const from = str(flags, 'from', true);
      if (isPgUrl(spec)) {
        const check = await pgRestore(spec, from, secretsIfPresent(spec));
        // Opening migrates an older archive to this version and binds it to this machine's secret.
        const cli = await openCli(spec);
        await cli.close();
        if (flags.json) io.out(JSON.stringify({ restored: redactUrl(spec), from, safetyCopy: null, ...check }));
        else io.out(`已从 ${from} 恢复到 ${redactUrl(spec)}：${check.workers} 名劳动者，${check.vouchers} 张培训券。`);
        return 0;
      }
      ensureClosed(spec);
      const { safetyCopy, check } = await restoreFrom(spec, from, new Date(), secretsIfPresent(spec));
      // Opening migrates an older backup to this version and proves the result opens.
      const cli = await openCli(spec);
      await cli.close();
      if (flags.json) io.out(JSON.stringify({ restored: spec, from, safetyCopy, ...check }));
      else {
        io.out(`已从 ${from} 恢复：${check.workers} 名劳动者，${check.vouchers} 张培训券。`);
        if (safetyCopy) io.out(`恢复前的数据库已另存为 ${safetyCopy}`);
      }
      return 0;
    },
  },
};
