import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { BackupStatus } from '../../../shared/contract/schemas/settings';
import type { Ctx, JobCtx } from '../../core/context';
import type { PgDatabase, SqliteDatabase } from '../../db/driver/types';
import { AppError } from '../../core/errors';
import { getSettings, setSetting } from '../../db/repos/settings.repo';
import { appendAudit } from '../../db/repos/audit.repo';
import { takeWitness, writeWitnessFile } from '../audit/witness';
import { listPgBackups, pgBackupName, pgBackupTo, prunePgBackups } from './pgBackup';
import { backupInto, backupTo, listBackups, witnessFileOf, type BackupCheck, type BackupFile } from './backup';

const DAY = 86_400_000;

/** What a backup needs: the whole database (the file is copied as a whole) and the write runner. */
type BackupCtx = Pick<JobCtx, 'env' | 'db' | 'write' | 'clock' | 'secrets'>;

/**
 * A backup to `out` carrying a witness: the head is signed and stored first, so the copy holds
 * it, and the same witness is written beside the copy (`.witness.json`) to be kept apart from it.
 * A SQLite file is copied through SQLite's backup API; the county server's PostgreSQL is dumped
 * with pg_dump and checked by restoring the archive into a temporary database.
 */
export async function witnessedBackupTo(ctx: BackupCtx, out: string, checkUrl?: string): Promise<BackupCheck> {
  const { envelope } = await takeWitness(ctx, 'backup');
  const db = ctx.env.db;
  if (db.engine === 'pg') return pgBackupTo((db as PgDatabase).url, out, ctx.secrets, envelope, checkUrl);
  const check = await backupTo(db as SqliteDatabase, out, ctx.secrets);
  writeWitnessFile(witnessFileOf(out), envelope);
  return check;
}

/** Makes a dated backup in `dir` (the configured folder by default), with its witness, and records it. */
export async function runBackup(ctx: BackupCtx, dir: string, user: string | null): Promise<BackupFile> {
  return (await makeBackup(ctx, dir, user)).made;
}

/** runBackup, with the check the new copy passed (the CLI prints it). */
export async function makeBackup(
  ctx: BackupCtx,
  dir: string,
  user: string | null,
): Promise<{ made: BackupFile; check: BackupCheck }> {
  const s = await getSettings(ctx.db);
  const now = ctx.clock.now();
  let made: BackupFile;
  let check: BackupCheck;
  if (ctx.env.db.engine === 'pg') {
    const file = pgBackupName(dir, now);
    check = await witnessedBackupTo(ctx, file);
    prunePgBackups(dir, s.backupKeep);
    made = { file, bytes: statSync(file).size, at: now.toISOString() };
  } else {
    const { envelope } = await takeWitness(ctx, 'backup');
    const { check: c, ...file } = await backupInto(ctx.env.db as SqliteDatabase, dir, s.backupKeep, now, ctx.secrets);
    writeWitnessFile(witnessFileOf(file.file), envelope);
    made = file;
    check = c;
  }
  await ctx.write(
    async (w) => {
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
      // The copy is on disk: who made it is recorded, even if they have logged out meanwhile.
    },
    { record: true },
  );
  return { made, check };
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
      files: !s.backupDir ? [] : ctx.db.engine === 'pg' ? listPgBackups(s.backupDir) : listBackups(s.backupDir),
      restoreCommand:
        ctx.db.engine === 'pg'
          ? 'npm run -s cli -- restore --db "postgres://<所有者>@<服务器>/<新的空数据库>" --from "<备份文件>.dump"'
          : `npm run cli -- restore --db "${join('<数据文件夹>', 'longling.db')}" --from "<备份文件>"`,
    };
  },
};
