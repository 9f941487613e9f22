import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AuditVerifyResult } from '../../../shared/contract/schemas/audit';
import { AppError } from '../../core/errors';
import { resolveDbPath } from '../../core/paths';
import { defaultSecretPath, readSecretFile, type InstallSecrets } from '../../core/secrets';
import { latestReceivedWitness } from '../../db/repos/witness.repo';
import { verifyAuditChain } from '../../services/audit/chain';
import { auditDigest } from '../../services/audit/digest';
import { parseWitness, takeWitness, writeWitnessFile } from '../../services/audit/witness';
import { cliJobCtx, openCli } from '../runtime';
import { openForReading } from '../../db/open';
import { str, type CliIo, type CommandTable } from './types';

/** The secret of `dbFile` if this machine has it (beside it, or where LONGLING_SECRET_FILE says). */
export function secretsIfPresent(dbFile: string): InstallSecrets | null {
  const file = defaultSecretPath(dbFile);
  return existsSync(file) ? readSecretFile(file) : null;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('VALIDATION', `无法读取${what} ${file}：${(e as Error).message}`);
  }
}

export function printVerify(r: AuditVerifyResult, io: CliIo): void {
  if (r.ok) {
    const keyed =
      r.keyedFrom === null
        ? ''
        : r.keyChecked
          ? `，第 ${r.keyedFrom} 行起以密钥校验`
          : `，第 ${r.keyedFrom} 行起的内容未能以密钥校验`;
    io.out(`审计链完整，共 ${r.rows} 条记录${keyed}；数据库中的 ${r.witnesses} 份见证均相符。`);
    if (r.witness) io.out(`与见证文件相符：见证记有第 ${r.witness.row} 行（${r.witness.at} 签署）。`);
  } else io.out(`审计链异常：第 ${r.firstBadRow} 行。${r.reason}`);
  for (const l of r.limits) io.out(`注意：${l}`);
}

export const auditCommands: CommandTable = {
  'audit verify': {
    usage:
      'audit verify --db FILE|URL [--witness FILE.witness.json] [--json]   校验审计日志链（只读）；有本机密钥文件时逐行校验，给出见证文件时核对此前签署的链尾',
    async run(flags, io) {
      const spec = resolveDbPath(str(flags, 'db', false));
      const witnessFile = str(flags, 'witness', false);
      const witness = witnessFile ? readText(witnessFile, '见证文件') : null;
      const secrets = secretsIfPresent(spec);
      // Read-only, without migrating or binding: checking evidence must not change it.
      const source = await openForReading(spec);
      try {
        const r = await verifyAuditChain(source.reader, { secrets, witness });
        if (flags.json) io.out(JSON.stringify(r));
        else printVerify(r, io);
        return r.ok ? 0 : 1;
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('VALIDATION', `${source.label} 不是本程序的数据库，或已损坏：${(e as Error).message}`);
      } finally {
        await source.close();
      }
    },
  },
  'audit witness': {
    usage:
      'audit witness --db FILE|URL --out FILE.witness.json [--received] [--json]   签署当前链尾（见证）并写入文件；--received 导出收到的人社局最新见证',
    async run(flags, io) {
      const out = str(flags, 'out', true);
      const cli = await openCli(str(flags, 'db', false));
      try {
        let text: { row: number; at: string; hash: string; kid: string };
        if (flags.received) {
          const w = await latestReceivedWitness(cli.env.db.reader);
          if (!w) throw new AppError('RULE', '本机尚未从状态更新包中收到人社局的见证');
          const { envelope, head } = parseWitness(w.envelope);
          writeWitnessFile(out, envelope);
          text = { row: head.row, at: head.at, hash: head.hash, kid: envelope.kid };
        } else {
          const { envelope, head } = await takeWitness(cliJobCtx(cli, 'audit:witness'), 'manual');
          writeWitnessFile(out, envelope);
          text = { row: head.row, at: head.at, hash: head.hash, kid: envelope.kid };
        }
        if (flags.json) io.out(JSON.stringify({ file: out, ...text }));
        else
          io.out(`已写入见证 ${out}：第 ${text.row} 行，哈希 ${text.hash.slice(0, 16)}…，${text.at}，密钥 ${text.kid}`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
  'audit digest': {
    usage: 'audit digest --db FILE|URL --out FILE.pdf [--json]   签署当前链尾并生成可打印的审计摘要（含二维码）',
    async run(flags, io) {
      const out = str(flags, 'out', true);
      const cli = await openCli(str(flags, 'db', false));
      try {
        const { pdf, envelope, row } = await auditDigest(cliJobCtx(cli, 'audit:digest'));
        writeFileSync(out, pdf);
        if (flags.json) io.out(JSON.stringify({ file: out, row, kid: envelope.kid, bytes: pdf.length }));
        else io.out(`已生成审计摘要 ${out}（链尾第 ${row} 行），请打印签字后存档`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
