import { AppError } from '../../core/errors';
import { targetsReport } from '../../services/stats/stats.service';
import { openCli } from '../runtime';
import { str, type CommandTable } from './types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function month(flags: Parameters<typeof str>[0], name: string): string | undefined {
  const v = str(flags, name, false);
  if (v !== undefined && !MONTH.test(v)) throw new AppError('VALIDATION', `参数 --${name} 应为 YYYY-MM 格式的月份`);
  return v;
}

export const reportCommands: CommandTable = {
  'report targets': {
    usage:
      'report targets --db FILE|URL [--from YYYY-MM] [--to YYYY-MM] [--json]   各计划（项目）对照 2025 年目标的培训和取证人次',
    async run(flags, io) {
      const range = { from: month(flags, 'from'), to: month(flags, 'to') };
      const cli = await openCli(str(flags, 'db', false));
      try {
        const rows = await targetsReport(cli.env.db.reader, range);
        if (flags.json === true) io.out(JSON.stringify(rows));
        else
          for (const r of rows)
            io.out(`${r.plan}（${r.leadUnit}）：目标 ${r.target ?? '—'}，已培训 ${r.trained}，已取证 ${r.certified}`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
