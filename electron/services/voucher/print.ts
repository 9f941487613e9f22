import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { Job } from '../../../shared/contract/schemas/voucher';
import type { Queryable } from '../../db/driver/types';
import { getSettings } from '../../db/repos/settings.repo';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { renderVouchersPdf, type Layout } from '../../pdf/voucher.pdf';
import { loadPrints, type PrintSelection } from '../../db/repos/print.repo';

export async function vouchersPdf(
  db: Queryable,
  s: PrintSelection,
  layout: Layout,
  onProgress?: (done: number, total: number) => void | Promise<void>,
) {
  const prints = await loadPrints(db, s);
  if (prints.length === 0) throw new AppError('NOT_FOUND', '没有找到要打印的培训券');
  const settings = await getSettings(db);
  const pdf = await renderVouchersPdf(
    prints,
    { jurisdictionName: settings.jurisdictionName, bureauName: settings.bureauName },
    layout,
    onProgress,
  );
  return { pdf, count: prints.length, first: prints[0]!.serial };
}

export const printHandlers = {
  'voucher:pdf': (ctx: Ctx, input: ChannelParsed<'voucher:pdf'>): Promise<Job> => {
    const owner = ctx.session!.user.id;
    return ctx.jobs.start(
      'voucherPdf',
      owner,
      async (handle) => {
        const { pdf, count, first } = await vouchersPdf(ctx.db, input, input.layout, async (done, total) => {
          handle.progress(done, total, '生成 PDF');
          await new Promise((r) => setImmediate(r));
        });
        const name = count === 1 ? `培训券-${first}.pdf` : `培训券-${count}张.pdf`;
        return { artifactId: await ctx.artifacts.put(owner, name, 'application/pdf', pdf), name, count };
      },
      (e) => (e instanceof AppError ? e.message : '生成 PDF 失败'),
    );
  },

  'artifact:get': async (ctx: Ctx, input: ChannelParsed<'artifact:get'>): Promise<Artifact> => {
    const { bytes: _bytes, ...a } = await ctx.artifacts.get(input.id, ctx.session!.user.id);
    return a;
  },
};
