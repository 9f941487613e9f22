// The database itself: migrating it as its owner (and granting the server's login role its rights),
// and moving a single machine's SQLite file onto the county server's PostgreSQL.
import { resolve } from 'node:path';
import { AppError } from '../../core/errors';
import { resolveDbPath } from '../../core/paths';
import { openDatabase } from '../../db/connection';
import { connectPgOwner, redactUrl } from '../../db/copyToPg';
import { isPgUrl } from '../../db/open';
import { appRoleMayCreate, migratePg } from '../../db/pgMigrate';
import { migrateToPg } from '../../services/backup/migrateToPg';
import { ensureClosed } from './backup';
import { str, type CliIo, type CommandTable } from './types';

/** A role named in --app-role that the server does not have yet. */
function roleMissing(e: unknown, role: string | undefined): AppError | null {
  if ((e as { code?: string }).code !== '42704' || !role) return null;
  return new AppError(
    'VALIDATION',
    `数据库中没有角色 ${role}。请先由管理员建立它（例如 CREATE ROLE ${role} LOGIN PASSWORD '…'），再运行本命令为它授权。`,
  );
}

function printOldFileAdvice(from: string, url: string, io: CliIo) {
  const file = resolve(from);
  io.out('');
  io.out('旧数据库文件怎么办：');
  io.out(`  1. 不要再用它：今后所有电脑和程序都连接 ${redactUrl(url)}（--db 或环境变量 LONGLING_DB）。`);
  io.out('     继续在旧文件上登记、发券或核销，会与服务器上的数据分叉，且无法再合并。');
  io.out(`  2. 把它改为只读，连同旁边的 .secret 密钥文件作为档案保管（例如 chmod 444 "${file}"），`);
  io.out('     并像备份一样另存一份到离线介质：它是迁移前历史的原始凭据，审计链可随时用 audit verify 核对。');
  io.out('  3. 本机的桌面程序如已指向该文件，请改为连接服务器，或停止使用本机程序。');
}

export const dbCommands: CommandTable = {
  'db migrate': {
    usage:
      'db migrate --db FILE|URL [--app-role 角色] [--json]   以数据库所有者身份升级数据库结构；PostgreSQL 上用 --app-role 为服务器的登录角色授予它所需的权限（审计日志只可追加）',
    async run(flags, io) {
      const spec = resolveDbPath(str(flags, 'db', false));
      const appRole = str(flags, 'app-role', false);
      if (!isPgUrl(spec)) {
        if (appRole) throw new AppError('VALIDATION', '--app-role 只用于 PostgreSQL 数据库（--db postgres://…）');
        const db = openDatabase(spec);
        const version = db.pragma('user_version', { simple: true }) as number;
        db.close();
        if (flags.json) io.out(JSON.stringify({ db: spec, version, appRole: null }));
        else io.out(`数据库 ${spec} 已是第 ${version} 版。`);
        return 0;
      }
      const client = await connectPgOwner(spec);
      try {
        let version: number;
        try {
          version = await migratePg(client, appRole ? { appRole } : {});
        } catch (e) {
          const missing = roleMissing(e, appRole);
          if (missing) throw missing;
          if ((e as { code?: string }).code === '42501')
            throw new AppError(
              'FORBIDDEN',
              `连接所用的角色不是数据库的所有者，不能升级或授权（${(e as Error).message}）。请用建库时的所有者角色运行 db migrate。`,
            );
          throw e;
        }
        // Said plainly, in both forms of output: it weakens what the triggers guard (see grantAppRights).
        const mayCreate = appRole ? await appRoleMayCreate(client, appRole) : false;
        if (mayCreate) {
          io.err(
            `警告：角色 ${appRole} 仍可在数据库的模式中创建对象（PostgreSQL 13、14 的默认设置）。请由超级用户在该数据库中运行：REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
          );
        }
        if (flags.json)
          io.out(
            JSON.stringify({ db: redactUrl(spec), version, appRole: appRole ?? null, appRoleMayCreate: mayCreate }),
          );
        else {
          io.out(`数据库 ${redactUrl(spec)} 已是第 ${version} 版。`);
          if (appRole)
            io.out(`已为角色 ${appRole} 授权：各业务表可读写，审计日志及见证只可查询和追加，不可修改、删除或清空。`);
        }
        return 0;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  },
  'migrate-to-pg': {
    usage:
      'migrate-to-pg --from FILE.db --db URL [--app-role 角色] [--from-secret 密钥文件] [--json]   把单机数据库（SQLite 文件）完整迁入一个空的 PostgreSQL 数据库（须先关闭使用该文件的程序；以所有者角色连接），核对行数和审计链',
    async run(flags, io) {
      const from = str(flags, 'from', true);
      const url = resolveDbPath(str(flags, 'db', false));
      if (!isPgUrl(url)) throw new AppError('VALIDATION', '请用 --db postgres://… 指定要迁入的 PostgreSQL 数据库');
      if (isPgUrl(from)) throw new AppError('VALIDATION', '--from 应为单机数据库文件（.db），不是连接地址');
      const appRole = str(flags, 'app-role', false);
      const fromSecret = str(flags, 'from-secret', false);
      // Rows written to the file after the snapshot would be left behind: nothing may have it open.
      ensureClosed(from, '数据库文件仍被其他程序使用（桌面程序或网页版），请先关闭它们再迁移');
      let r: Awaited<ReturnType<typeof migrateToPg>>;
      try {
        r = await migrateToPg({
          from,
          url,
          ...(appRole ? { appRole } : {}),
          ...(fromSecret ? { fromSecret } : {}),
          onTable: flags.json ? undefined : (t) => t.rows > 0 && io.out(`  ${t.table}：${t.rows} 行`),
        });
      } catch (e) {
        throw roleMissing(e, appRole) ?? e;
      }
      if (flags.json) {
        io.out(JSON.stringify({ from, db: redactUrl(url), ...r }));
        return 0;
      }
      io.out(
        `已迁移到 ${redactUrl(url)}（第 ${r.version} 版）：${r.tables.length} 张表共 ${r.rows} 行，各表行数与原文件一致。`,
      );
      io.out(`审计链在 PostgreSQL 上校验通过：共 ${r.audit.rows} 条记录。`);
      for (const l of r.audit.limits) io.out(`注意：${l}`);
      if (r.secret)
        io.out(
          r.secret.status === 'copied'
            ? `密钥文件已复制到 ${r.secret.to}（服务器按此位置查找；也可用 LONGLING_SECRET_FILE 另指）。请像保管原文件一样保管它。`
            : `密钥文件 ${r.secret.to} 已就位。`,
        );
      if (appRole) io.out(`已为角色 ${appRole} 授权；服务器请以该角色连接。`);
      printOldFileAdvice(from, url, io);
      return 0;
    },
  },
};
