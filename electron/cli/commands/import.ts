import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../core/errors';
import { openCli } from '../runtime';
import { str, type CommandTable } from './types';

function importCommand(channel: 'import:workers' | 'import:history', usage: string): CommandTable[string] {
  return {
    usage,
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const file = str(flags, 'file', true);
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          throw new AppError('VALIDATION', `无法读取文件 ${file}`);
        }
        const r = await cli.call(channel, {
          fileName: file,
          base64: bytes.toString('base64'),
          commit: flags['dry-run'] !== true,
        });
        const report = str(flags, 'report', false);
        if (report && r.errorReportId)
          writeFileSync(
            report,
            Buffer.from((await cli.call('artifact:get', { id: r.errorReportId })).base64, 'base64'),
          );
        if (flags.json) io.out(JSON.stringify({ imported: r.imported, rejected: r.rejected, errors: r.errors }));
        else {
          io.out(`共 ${r.total} 行：导入 ${r.imported} 条，未导入 ${r.rejected} 行`);
          for (const e of r.errors.slice(0, 50)) io.out(`  第 ${e.row} 行：${e.reason}`);
        }
        return 0;
      } finally {
        await cli.close();
      }
    },
  };
}

export const importCommands: CommandTable = {
  'import workers': importCommand(
    'import:workers',
    'import workers --db FILE --file FILE.xlsx|.csv [--dry-run] [--report FILE.xlsx] [--json]   从表格批量登记劳动者（只导入无误的行）',
  ),
  'import history': importCommand(
    'import:history',
    'import history --db FILE --file FILE.xlsx|.csv [--dry-run] [--report FILE.xlsx] [--json]   导入系统启用前的培训记录和证书（标记为补录）',
  ),
};
