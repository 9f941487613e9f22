import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { Job } from '../../../shared/contract/schemas/voucher';
import type { Queryable } from '../../db/driver/types';
import { getSettings } from '../../db/repos/settings.repo';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { townshipScope } from '../../core/townshipScope';
import { renderVouchersPdf, type Layout } from '../../pdf/voucher.pdf';
import { batchRecipients, loadPrints, type PrintSelection } from '../../db/repos/print.repo';
import { skillLevel } from '../../../shared/catalog/skillLevels';
import { localDateTime } from '../../../shared/domain/idNumber';
import { maskIdNumber } from '../../../shared/domain/mask';
import { isoNow } from '../../core/clock';
import { renderSignListPdf } from '../../pdf/signList.pdf';

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
    const scope = townshipScope(ctx);
    return ctx.jobs.start(
      'voucherPdf',
      owner,
      async (handle) => {
        const { pdf, count, first } = await vouchersPdf(
          ctx.db,
          { ...input, scope },
          input.layout,
          async (done, total) => {
            handle.progress(done, total, '生成 PDF');
            await new Promise((r) => setImmediate(r));
          },
        );
        const name = count === 1 ? `培训券-${first}.pdf` : `培训券-${count}张.pdf`;
        return { artifactId: await ctx.artifacts.put(owner, name, 'application/pdf', pdf), name, count };
      },
      (e) => (e instanceof AppError ? e.message : '生成 PDF 失败'),
    );
  },

  /** 签收表: who received which voucher of a batch, with room to sign; ID numbers masked as in every list. */
  'voucher:signList': async (ctx: Ctx, input: ChannelParsed<'voucher:signList'>): Promise<Artifact> => {
    const rows = await batchRecipients(ctx.db, input.batchId, townshipScope(ctx));
    if (rows.length === 0) throw new AppError('NOT_FOUND', `批次 ${input.batchId} 没有培训券`);
    const kinds = [
      ...new Set(rows.map((r) => `${r.planName} · ${r.occupationName} ${skillLevel(r.level)?.label ?? r.level}`)),
    ];
    const pdf = await renderSignListPdf({
      bureau: (await getSettings(ctx.db)).bureauName,
      title: `培训券发放签收表（批次 ${input.batchId}）`,
      facts: [`发放日期：${rows[0]!.issueDate}`, `共 ${rows.length} 人`, ...kinds],
      rows: rows.map((r) => ({
        name: r.name,
        idMasked: maskIdNumber(r.idNumber),
        serial: r.serial,
        place: [r.township, r.village].filter(Boolean).join(' '),
      })),
      printedAt: localDateTime(isoNow(ctx.clock)),
    });
    // A list of names and places of many people leaves the building on paper: who printed it is kept.
    await ctx.audit({
      action: 'printSignList',
      entity: 'issueBatch',
      entityId: input.batchId,
      after: { count: rows.length },
    });
    return { name: `签收表-批次${input.batchId}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  },

  'artifact:get': async (ctx: Ctx, input: ChannelParsed<'artifact:get'>): Promise<Artifact> => {
    const { bytes: _bytes, ...a } = await ctx.artifacts.get(input.id, ctx.session!.user.id);
    return a;
  },
};
