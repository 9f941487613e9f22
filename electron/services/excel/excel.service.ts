import type { ChannelParsed } from '../../../shared/contract/channels';
import type { ImportResult } from '../../../shared/contract/schemas/excel';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { WorkerImportResult } from '../../../shared/contract/schemas/workerImport';
import { localDate } from '../../../shared/domain/idNumber';
import type { Ctx, JobCtx } from '../../core/context';
import { loadArchive } from '../archive/archive.service';
import { assertFullView } from '../personalData';
import { exportArchive, exportVouchers, exportWorkers } from './exports';
import { workerTemplate } from './template';
import { errorReport, importWorkers } from './workerImport';
import { HISTORY_HEADERS, historyTemplate, importHistory } from './historyImport';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const artifact = (name: string, bytes: Buffer): Artifact => ({ name, mime: XLSX, base64: bytes.toString('base64') });

/** Full ID numbers in a file leave the building: only clerks and admins may ask, and each time is audited. */
async function allowFullId(ctx: Ctx, fullId: boolean, what: string): Promise<void> {
  if (!fullId) return;
  assertFullView(ctx, '当前角色只能导出隐去部分号码的身份证号');
  // Written after the export succeeds (the dispatcher writes a read channel's audit rows then).
  await ctx.audit({ action: 'exportFullId', entity: 'export', entityId: what });
}

export const excelHandlers = {
  'import:template': async (ctx: Ctx): Promise<Artifact> =>
    artifact('劳动者导入模板.xlsx', await workerTemplate(ctx.db)),

  'import:workers': async (ctx: JobCtx, input: ChannelParsed<'import:workers'>): Promise<WorkerImportResult> => {
    const r = await importWorkers(ctx, input.fileName, Buffer.from(input.base64, 'base64'), input.commit, input);
    // The report repeats the roster's own header, so that its columns read as the clerk's file does.
    const headers = r.layout.columns.length ? r.layout.columns.map((c) => c.header) : undefined;
    const report = r.rejectedRows.length
      ? await ctx.artifacts.put(
          ctx.session!.user.id,
          '未导入的行.xlsx',
          XLSX,
          await errorReport(r.rejectedRows, headers),
        )
      : null;
    return {
      total: r.total,
      imported: r.imported,
      rejected: r.rejected,
      errors: r.errors,
      committed: r.committed,
      errorReportId: report,
      layout: r.layout,
      incomplete: r.incomplete,
      pendingCounts: r.pendingCounts,
    };
  },

  'import:historyTemplate': async (): Promise<Artifact> =>
    artifact('历史培训与证书导入模板.xlsx', await historyTemplate()),

  'import:history': async (ctx: JobCtx, input: ChannelParsed<'import:history'>): Promise<ImportResult> => {
    const r = await importHistory(ctx, input.fileName, Buffer.from(input.base64, 'base64'), input.commit);
    const report = r.rejectedRows.length
      ? await ctx.artifacts.put(
          ctx.session!.user.id,
          '未导入的行.xlsx',
          XLSX,
          await errorReport(r.rejectedRows, HISTORY_HEADERS),
        )
      : null;
    return {
      total: r.total,
      imported: r.imported,
      rejected: r.rejected,
      errors: r.errors,
      committed: r.committed,
      errorReportId: report,
    };
  },

  'export:workers': async (ctx: Ctx, input: ChannelParsed<'export:workers'>): Promise<Artifact> => {
    await allowFullId(ctx, input.fullId, 'workers');
    return artifact(`劳动者-${localDate(ctx.clock.now())}.xlsx`, await exportWorkers(ctx.db, input, input.fullId));
  },

  'export:vouchers': async (ctx: Ctx, input: ChannelParsed<'export:vouchers'>): Promise<Artifact> => {
    await allowFullId(ctx, input.fullId, 'vouchers');
    return artifact(`培训券-${localDate(ctx.clock.now())}.xlsx`, await exportVouchers(ctx.db, input, input.fullId));
  },

  'export:archive': async (ctx: Ctx, input: ChannelParsed<'export:archive'>): Promise<Artifact> => {
    // The worker first: a refused export of someone unknown must not leave an audit row saying full IDs left.
    const a = await loadArchive(ctx, input.workerId);
    await allowFullId(ctx, input.fullId, `archive:${input.workerId}`);
    return artifact(`职业培训档案-${a.worker.name}.xlsx`, await exportArchive(a, input.fullId));
  },
};
