import { writeFileSync } from 'node:fs';
import { trustBundle } from '../../services/keys/keys.service';
import { vouchersPdf } from '../../services/voucher/print';
import { openCli } from '../runtime';
import { int, str, type CommandTable } from './types';

export const voucherCommands: CommandTable = {
  'trust export': {
    usage: 'trust export --db FILE|URL --out FILE.json   导出信任包（公钥与辖区），供培训机构离线验券',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const out = str(flags, 'out', true);
        const bundle = await trustBundle({ db: cli.env.db.reader, clock: cli.env.clock });
        writeFileSync(out, JSON.stringify(bundle, null, 2));
        io.out(`信任包已写入 ${out}（${bundle.keys.length} 个公钥）`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
  verify: {
    usage: 'verify --db FILE|URL --text "扫描内容" [--id 身份证号] [--json]   核验培训券二维码',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const text = str(flags, 'text', true);
        const id = str(flags, 'id', false);
        const r = await cli.call('voucher:verify', id === undefined ? { text } : { text, idNumber: id });
        if (flags.json)
          io.out(
            JSON.stringify({ valid: r.valid, kind: r.kind, reason: r.reason, serial: r.serial, message: r.message }),
          );
        else io.out(`${r.valid ? '✓' : '✗'} ${r.message}${r.serial ? `（券号 ${r.serial}）` : ''}`);
        return r.valid ? 0 : 1;
      } finally {
        await cli.close();
      }
    },
  },
  'vouchers redeem': {
    usage:
      'vouchers redeem --db FILE|URL --text "扫描内容" --id 身份证号 --institution CODE [--json]   以培训机构名义核销培训券',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const r = await cli.call('redeem:confirm', {
          text: str(flags, 'text', true),
          idNumber: str(flags, 'id', true),
          institutionCode: str(flags, 'institution', true),
        });
        if (flags.json) io.out(JSON.stringify({ ok: r.ok, reason: r.reason, serial: r.serial, message: r.message }));
        else io.out(`${r.ok ? '✓' : '✗'} ${r.message}${r.serial ? `（券号 ${r.serial}）` : ''}`);
        return r.ok ? 0 : 1;
      } finally {
        await cli.close();
      }
    },
  },
  'vouchers pdf': {
    usage:
      'vouchers pdf --db FILE|URL --out FILE.pdf [--serial S | --status issued --limit N] [--layout a4|two]   打印培训券',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const out = str(flags, 'out', true);
        const layout = flags.layout === 'two' ? 'two' : 'a4';
        const { pdf, count } = await vouchersPdf(
          cli.env.db.reader,
          {
            serial: str(flags, 'serial', false),
            status: str(flags, 'status', false),
            limit: int(flags, 'limit', 1000),
          },
          layout,
        );
        writeFileSync(out, pdf);
        io.out(`已生成 ${out}：${count} 张培训券，${(pdf.length / 1024).toFixed(0)} KB`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
