import { writeFileSync } from 'node:fs';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { AppError } from '../../core/errors';
import { findWorkerByIdNumber } from '../../db/repos/worker.repo';
import { extractPdf } from '../../services/archive/archive.service';
import { cliJobCtx, openCli } from '../runtime';
import { passphraseFromStdin, unlockForSigning } from '../secrets';
import { str, type CommandTable } from './types';

export const archiveCommands: CommandTable = {
  'archive pdf': {
    usage: 'archive pdf --db FILE|URL --id 身份证号 --out FILE.pdf [--full-id]   打印劳动者职业培训电子档案摘要',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false), { keyPassphrase: await passphraseFromStdin(flags) });
      try {
        await unlockForSigning(cli, flags); // the extract's QR is signed
        const id = checkIdNumber(str(flags, 'id', true), { allowUnlistedAddress: true });
        if (!id.ok) throw new AppError('VALIDATION', id.message);
        const worker = await findWorkerByIdNumber(cli.env.db.reader, id.idNumber);
        if (!worker) throw new AppError('NOT_FOUND', '没有登记该身份证号的劳动者');
        const { pdf, number } = await extractPdf(
          cliJobCtx(cli, 'archive:extract'),
          worker.id,
          flags['full-id'] === true,
        );
        const out = str(flags, 'out', true);
        writeFileSync(out, pdf);
        io.out(`已生成档案摘要 ${number}：${out}`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
