import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../core/errors';
import { localDateTime } from '../../../shared/domain/idNumber';
import { openCli, type CliRuntime } from '../runtime';
import { KEY_PASSPHRASE, passphraseFromStdin, requireSecret, unlockForSigning } from '../secrets';
import { str, type CommandTable, type Flags } from './types';

function readText(flags: Flags, name: string): string {
  const file = str(flags, name, true);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new AppError('VALIDATION', `无法读取文件 ${file}`);
  }
}

/** Opens the database; `signs`: the command signs with this install's key, unlocked first (asking if need be). */
const withCli = async (
  flags: Flags,
  fn: (cli: CliRuntime) => Promise<number>,
  opts: { signs?: boolean; keyPassphrase?: string } = {},
) => {
  const cli = await openCli(str(flags, 'db', false), {
    keyPassphrase: opts.keyPassphrase ?? (await passphraseFromStdin(flags)),
  });
  try {
    if (opts.signs) await unlockForSigning(cli, flags);
    return await fn(cli);
  } finally {
    await cli.close();
  }
};

export const exchangeCommands: CommandTable = {
  'institution setup': {
    usage:
      'institution setup --db FILE|URL --trust FILE.json --code 机构代码 [--passphrase-stdin]   把新安装设置为培训机构模式（新密钥的口令：提示输入、标准输入或 LONGLING_KEY_PASSPHRASE）',
    async run(flags, io) {
      const passphrase = await requireSecret(KEY_PASSPHRASE, flags, { confirm: true });
      return withCli(
        flags,
        async (cli) => {
          const r = await cli.call('institution:setup', {
            bundleText: readText(flags, 'trust'),
            institutionCode: str(flags, 'code', true),
            passphrase,
          });
          io.out(`已设置为培训机构模式（${str(flags, 'code', true)}），机构密钥 ${r.activeKid}`);
          return 0;
        },
        { keyPassphrase: passphrase },
      );
    },
  },
  'institution registration': {
    usage:
      'institution registration --db FILE|URL --out FILE.json   导出本机构的登记文件（机构代码 + 公钥），交人社局导入',
    run: (flags, io) =>
      withCli(
        flags,
        async (cli) => {
          writeFileSync(str(flags, 'out', true), await cli.call('institution:registration', {}));
          io.out(`登记文件已写入 ${str(flags, 'out', true)}`);
          return 0;
        },
        { signs: true },
      ),
  },
  'institution bind': {
    usage:
      'institution bind --db FILE|URL --file FILE.json [--replace]   （人社局）导入培训机构登记文件，绑定其公钥；机构已有密钥时须先电话核对新密钥编号，再加 --replace 更换',
    run: (flags, io) =>
      withCli(flags, async (cli) => {
        const text = readText(flags, 'file');
        const r = await cli.callResult('institution:bind', { text, replace: flags.replace === true });
        if (!r.ok) {
          // Replacing the key in use is confirmed, here by running again with --replace.
          const hint = r.error.detail?.replace ? '（核对无误后，加 --replace 再运行一次）' : '';
          throw new AppError(r.error.code, r.error.message + hint);
        }
        const { institutionCode, kid, superseded } = r.value;
        io.out(
          `已绑定 ${institutionCode} 的密钥 ${kid}` +
            (superseded.length > 0 ? `；旧密钥 ${superseded.join('、')} 已停用` : ''),
        );
        return 0;
      }),
  },
  'institution keys': {
    usage:
      'institution keys --db FILE|URL [--json]   （人社局）列出已登记的培训机构密钥（使用中的在前），供与机构电话核对密钥编号',
    run: (flags, io) =>
      withCli(flags, async (cli) => {
        const keys = await cli.call('institution:keys', {});
        if (flags.json) io.out(JSON.stringify(keys));
        else if (keys.length === 0) io.out('尚未登记任何培训机构密钥');
        else
          for (const k of keys)
            io.out(
              `${k.institutionCode}\t${k.institutionName}\t${k.kid}\t登记于 ${localDateTime(k.boundAt)}\t` +
                (k.supersededAt ? `已停用（${localDateTime(k.supersededAt)}）` : '使用中'),
            );
        return 0;
      }),
  },
  'claims export': {
    usage: 'claims export --db FILE|URL --out FILE   （培训机构）导出签名的申报包',
    run: (flags, io) =>
      withCli(
        flags,
        async (cli) => {
          const r = await cli.call('claims:export', {});
          writeFileSync(str(flags, 'out', true), r.text);
          io.out(`申报包已写入 ${str(flags, 'out', true)}：${r.records} 条记录`);
          return 0;
        },
        { signs: true },
      ),
  },
  'claims import': {
    usage: 'claims import --db FILE|URL --file FILE [--json]   （人社局）导入申报包，逐条报告结果',
    run: (flags, io) =>
      withCli(flags, async (cli) => {
        const r = await cli.call('claims:import', { text: readText(flags, 'file') });
        if (flags.json) io.out(JSON.stringify(r));
        else {
          io.out(
            `申报包 ${r.packageId}（${r.institutionCode}）：接受 ${r.applied} 条，冲突 ${r.conflicts} 条，重复 ${r.duplicates} 条`,
          );
          for (const x of r.records.filter((x) => x.outcome === 'conflict'))
            io.out(`  冲突 ${x.kind} ${x.serial ?? ''}：${x.reason}`);
        }
        return 0;
      }),
  },
  'status export': {
    usage:
      'status export --db FILE|URL --institution CODE --out FILE   （人社局）为一个培训机构导出签名的状态更新包（作废、结算、解除暂扣、持券人核验数据、审计见证）',
    run: (flags, io) =>
      withCli(
        flags,
        async (cli) => {
          const r = await cli.call('status:export', { institutionCode: str(flags, 'institution', true) });
          writeFileSync(str(flags, 'out', true), r.text);
          io.out(
            `机构 ${r.institutionCode} 的状态更新包已写入 ${str(flags, 'out', true)}：${r.entries} 条状态，${r.holders} 张可核销券的持券人核验数据`,
          );
          return 0;
        },
        { signs: true },
      ),
  },
  'status import': {
    usage: 'status import --db FILE|URL --file FILE   （培训机构）导入状态更新包',
    run: (flags, io) =>
      withCli(flags, async (cli) => {
        const r = await cli.call('status:import', { text: readText(flags, 'file') });
        io.out(
          `已导入 ${r.entries} 条状态（作废 ${r.revoked}，结算 ${r.settled}），${r.holders} 张券的持券人核验数据，解除暂扣 ${r.released} 张`,
        );
        return 0;
      }),
  },
};
