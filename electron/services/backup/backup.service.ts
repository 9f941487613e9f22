import { join } from 'node:path';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { BackupStatus } from '../../../shared/contract/schemas/settings';
import type { Ctx, JobCtx } from '../../core/context';
import type { SqliteDatabase } from '../../db/driver/types';
import { AppError } from '../../core/errors';
import { getSettings, setSetting } from '../../db/repos/settings.repo';
import { appendAudit } from '../../db/repos/audit.repo';
import { takeWitness, writeWitnessFile } from '../audit/witness';
import { backupInto, backupTo, listBackups, witnessFileOf, type BackupCheck, type BackupFile } from './backup';

const DAY = 86_400_000;

/** What a backup needs: the whole database (the file is copied as a whole) and the write runner. */
type BackupCtx = Pick<JobCtx, 'env' | 'db' | 'write' | 'clock' | 'secrets'>;

/** Backups of this kind copy a SQLite file; the county server's PostgreSQL backs up with pg_dump. */
function sqliteOf(ctx: BackupCtx): SqliteDatabase {
  if (ctx.env.db.engine !== 'sqlite') throw new AppError('RULE', 'PostgreSQL 数据库的备份请用 cli backup（pg_dump）');
  return ctx.env.db as SqliteDatabase;
}

/**
 * A backup to `out` carrying a witness: the head is signed and stored first, so the copy holds
 * it, and the same witness is written beside the copy (`.witness.json`) to be kept apart from it.
 */
export async function witnessedBackupTo(ctx: BackupCtx, out: string): Promise<BackupCheck> {
  const db = sqliteOf(ctx);
  const { envelope } = await takeWitness(ctx, 'backup');
  const check = await backupTo(db, out, ctx.secrets);
  writeWitnessFile(witnessFileOf(out), envelope);
  return check;
}

/** Makes a dated backup in `dir` (the configured folder by default), with its witness, and records it. */
export async function runBackup(ctx: BackupCtx, dir: string, user: string | null): Promise<BackupFile> {
  const db = sqliteOf(ctx);
  const s = await getSettings(ctx.db);
  const now = ctx.clock.now();
  const { envelope } = await takeWitness(ctx, 'backup');
  const made = await backupInto(db, dir, s.backupKeep, now, ctx.secrets);
  writeWitnessFile(witnessFileOf(made.file), envelope);
  await ctx.write(async (w) => {
    await setSetting(w.db, 'lastBackupAt', made.at);
    await appendAudit(w.db, w.secrets, {
      at: now.toISOString(),
      userId: null,
      username: user,
      channel: 'backup:run',
      action: 'backup',
      entity: 'database',
      entityId: null,
      before: null,
      after: { file: made.file, bytes: made.bytes },
    });
  });
  return made;
}

/** The daily backup, when a folder is configured and the last one is a day old. */
export async function scheduledBackup(ctx: BackupCtx): Promise<BackupFile | null> {
  const s = await getSettings(ctx.db);
  if (!s.backupDir) return null;
  const last = s.lastBackupAt ? Date.parse(s.lastBackupAt) : 0;
  if (ctx.clock.now().getTime() - last < DAY) return null;
  return runBackup(ctx, s.backupDir, 'system');
}

export const backupHandlers = {
  'backup:run': async (ctx: JobCtx, input: ChannelParsed<'backup:run'>): Promise<BackupFile> => {
    const dir = input.dir || (await getSettings(ctx.db)).backupDir;
    if (!dir) throw new AppError('VALIDATION', '请先在“系统设置”中填写备份文件夹，或指定备份位置');
    return runBackup(ctx, dir, ctx.session?.user.username ?? null);
  },
  'backup:list': async (ctx: Ctx): Promise<BackupStatus> => {
    const s = await getSettings(ctx.db);
    return {
      dir: s.backupDir,
      keep: s.backupKeep,
      lastBackupAt: s.lastBackupAt || null,
      files: s.backupDir ? listBackups(s.backupDir) : [],
      restoreCommand: `npm run cli -- restore --db "${join('<数据文件夹>', 'longling.db')}" --from "<备份文件>"`,
    };
  },
};
