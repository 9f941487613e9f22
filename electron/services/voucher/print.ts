import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Artifact } from '../../../shared/contract/schemas/keys';
import type { Job } from '../../../shared/contract/schemas/voucher';
import type { Db } from '../../db/connection';
import { getSettings } from '../../db/repos/settings.repo';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { renderVouchersPdf, type Layout, type VoucherPrint } from '../../pdf/voucher.pdf';
import { prep } from '../../db/prepared';

const PRINT_SELECT = `
  SELECT v.serial, v.fallback_code AS fallbackCode, w.name AS holderName, w.id_number AS idNumber, p.name AS planName,
         o.name AS occupationName, v.occupation_code AS occupationCode, v.level, v.amount_fen AS amountFen,
         v.issue_date AS issueDate, v.expiry_date AS expiryDate, i.name AS institutionName, f.name AS fundSourceName,
         v.qr_text AS qrText
  FROM voucher v JOIN worker w ON w.id = v.worker_id JOIN plan p ON p.id = v.plan_id
  JOIN occupation o ON o.code = v.occupation_code JOIN fund_source f ON f.code = v.fund_source
  LEFT JOIN institution i ON i.id = v.institution_id`;

export interface PrintSelection {
  ids?: number[] | undefined;
  batchId?: number | undefined;
  serial?: string | undefined;
  status?: string | undefined;
  limit?: number | undefined;
}

export function loadPrints(db: Db, s: PrintSelection): VoucherPrint[] {
  if (s.ids) {
    return prep(db, `${PRINT_SELECT} WHERE v.id IN (SELECT value FROM json_each(?)) ORDER BY v.id`).all(
      JSON.stringify(s.ids),
    ) as VoucherPrint[];
  }
  if (s.batchId) return prep(db, `${PRINT_SELECT} WHERE v.batch_id = ? ORDER BY v.id`).all(s.batchId) as VoucherPrint[];
  if (s.serial) return prep(db, `${PRINT_SELECT} WHERE v.serial = ?`).all(s.serial) as VoucherPrint[];
  return prep(db, `${PRINT_SELECT} WHERE (@status IS NULL OR v.status = @status) ORDER BY v.id LIMIT @limit`).all({
    status: s.status ?? null,
    limit: s.limit ?? 1000,
  }) as VoucherPrint[];
}

export async function vouchersPdf(
  db: Db,
  s: PrintSelection,
  layout: Layout,
  onProgress?: (done: number, total: number) => void | Promise<void>,
) {
  const prints = loadPrints(db, s);
  if (prints.length === 0) throw new AppError('NOT_FOUND', '没有找到要打印的培训券');
  const settings = getSettings(db);
  const pdf = await renderVouchersPdf(
    prints,
    { jurisdictionName: settings.jurisdictionName, bureauName: settings.bureauName },
    layout,
    onProgress,
  );
  return { pdf, count: prints.length, first: prints[0]!.serial };
}

export const printHandlers = {
  'voucher:pdf': (ctx: Ctx, input: ChannelParsed<'voucher:pdf'>): Job => {
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
        return { artifactId: ctx.artifacts.put(owner, name, 'application/pdf', pdf), name, count };
      },
      (e) => (e instanceof AppError ? e.message : '生成 PDF 失败'),
    );
  },

  'artifact:get': (ctx: Ctx, input: ChannelParsed<'artifact:get'>): Artifact => {
    const { bytes: _bytes, ...a } = ctx.artifacts.get(input.id, ctx.session!.user.id);
    return a;
  },
};
