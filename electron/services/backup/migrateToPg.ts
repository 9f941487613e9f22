// Moving a single machine's database onto the county server's PostgreSQL (issue 15 §4): a snapshot
// of the SQLite file (the file itself is never changed), brought to this version, copied row for row
// into an empty PostgreSQL database with its ids, the install secret put where the server looks for
// it, and the result checked: the same number of rows in every table, the audit chain intact on
// PostgreSQL under the same secret.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditVerifyResult } from '../../../shared/contract/schemas/audit';
import { AppError } from '../../core/errors';
import { copySecretFile, defaultSecretPath, readSecretFile, type InstallSecrets } from '../../core/secrets';
import {
  compareCounts,
  connectPgOwner,
  copySqliteToPg,
  nonEmptyReason,
  redactUrl,
  snapshotSqlite,
  type CopiedTable,
  type MigrationSource,
} from '../../db/copyToPg';
import { openForReading } from '../../db/open';
import { migratePg, resetSequences } from '../../db/pgMigrate';
import { setting } from '../../db/repos/exchange.repo';
import { verifyAuditChain } from '../audit/chain';

export interface MigrateToPgOptions {
  /** The SQLite file. */
  from: string;
  /** The empty PostgreSQL database, reached as the role that will own its tables. */
  url: string;
  /** The server's login role, granted its rights at the end. */
  appRole?: string;
  /** Where the file's secret is (default: beside it, or LONGLING_SECRET_FILE). */
  fromSecret?: string;
  /** Where the server will look for it (default: defaultSecretPath of the URL). */
  toSecret?: string;
  onTable?(t: CopiedTable): void;
}

export interface MigrateToPgResult {
  version: number;
  tables: CopiedTable[];
  rows: number;
  pgOnly: string[];
  secret: { from: string; to: string; status: 'copied' | 'same' } | null;
  audit: AuditVerifyResult;
}

/** The file's secret, checked against the id the database is bound to, before anything is written. */
function sourceSecret(file: string, boundId: string | null): InstallSecrets | null {
  if (!boundId) return existsSync(file) ? readSecretFile(file) : null;
  if (!existsSync(file)) {
    throw new AppError(
      'VALIDATION',
      `找不到数据库的密钥文件 ${file}（编号 ${boundId}）：没有它，迁移后的审计链和培训券的持券人校验都无法核对。请用 --from-secret 指明它的位置。`,
    );
  }
  const s = readSecretFile(file);
  if (s.id !== boundId) {
    throw new AppError('VALIDATION', `密钥文件 ${file}（编号 ${s.id}）不属于该数据库（应为编号 ${boundId}）`);
  }
  return s;
}

export async function migrateToPg(opts: MigrateToPgOptions): Promise<MigrateToPgResult> {
  if (!existsSync(opts.from)) throw new AppError('VALIDATION', `找不到数据库文件 ${opts.from}`);
  const dir = mkdtempSync(join(tmpdir(), 'longling-migrate-'));
  let source: MigrationSource | null = null;
  let client: Awaited<ReturnType<typeof connectPgOwner>> | null = null;
  try {
    source = await snapshotSqlite(opts.from, dir);
    const { version } = source;
    const copy = source.conn;
    const boundId = (await setting(source.reader, 'installSecretId')) ?? null;
    const fromSecret = opts.fromSecret ?? defaultSecretPath(opts.from);
    const secrets = sourceSecret(fromSecret, boundId);

    client = await connectPgOwner(opts.url);
    const full = await nonEmptyReason(client);
    if (full) {
      throw new AppError(
        'CONFLICT',
        `目标数据库 ${redactUrl(opts.url)} 不是空的（${full}）。migrate-to-pg 只迁入新建的空数据库，以免两份数据混在一起：请新建一个空数据库（例如 createdb -O 所有者 库名）再运行。`,
      );
    }
    const toSecret = opts.toSecret ?? defaultSecretPath(opts.url);
    const secret = secrets ? { from: fromSecret, to: toSecret, status: copySecretFile(fromSecret, toSecret) } : null;

    const pgVersion = await migratePg(client, opts.appRole ? { appRole: opts.appRole } : {});
    if (pgVersion !== version) {
      throw new AppError('INTERNAL', `迁移后 PostgreSQL 为第 ${pgVersion} 版，SQLite 为第 ${version} 版，无法复制`);
    }
    const report = await copySqliteToPg(copy, client, opts.onTable);
    await resetSequences(client);

    const copied = report.tables.map((t) => t.table);
    const mismatches = await compareCounts(copy, client, copied);
    if (mismatches.length > 0) {
      const list = mismatches.map((m) => `${m.table}：SQLite ${m.sqlite} 行，PostgreSQL ${m.pg} 行`).join('；');
      throw new AppError('INTERNAL', `复制后行数不一致：${list}`);
    }
    const reading = await openForReading(opts.url);
    let audit: AuditVerifyResult;
    try {
      audit = await verifyAuditChain(reading.reader, { secrets });
    } finally {
      await reading.close();
    }
    if (!audit.ok) {
      throw new AppError(
        'INTERNAL',
        `复制后 PostgreSQL 上的审计链校验不通过：第 ${audit.firstBadRow} 行，${audit.reason}`,
      );
    }
    return {
      version,
      tables: report.tables,
      rows: report.tables.reduce((n, t) => n + t.rows, 0),
      pgOnly: report.pgOnly,
      secret,
      audit,
    };
  } finally {
    source?.close();
    await client?.end().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
