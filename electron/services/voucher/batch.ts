// Batch issuance: a preview of who is eligible (and which rule refused everyone else), then
// one transaction for the whole batch, so a failure leaves nothing half-issued.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { BatchPreview, Job } from '../../../shared/contract/schemas/voucher';
import type { WorkerDetail } from '../../../shared/contract/schemas/worker';
import { maskIdNumber } from '../../../shared/domain/mask';
import type { Db } from '../../db/connection';
import { appendAudit } from '../../db/repos/audit.repo';
import { insertBatch } from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import type { JobHandle } from '../../core/jobs';
import { checkEligibility, prepareTerms, ruleSettings, type PreparedTerms } from './eligibility';
import { checkFundSource, issueVoucher, today, validityDays } from './issue';
import { getSettings } from '../../db/repos/settings.repo';
import { prep } from '../../db/prepared';

type BatchInput = ChannelParsed<'voucher:batchPreview'>;
const CHUNK = 500;
const PREVIEW_LIST_LIMIT = 500;

export function selectWorkerIds(db: Db, selection: BatchInput['selection']): number[] {
  if ('workerIds' in selection) return [...new Set(selection.workerIds)];
  const conds: string[] = [];
  const p: Record<string, unknown> = {};
  if (selection.filter.townshipCode) {
    conds.push('w.township_code = @township');
    p.township = selection.filter.townshipCode;
  }
  if (selection.filter.targetGroup) {
    conds.push('EXISTS (SELECT 1 FROM worker_target_group g WHERE g.worker_id = w.id AND g.group_code = @group)');
    p.group = selection.filter.targetGroup;
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  return prep(db, `SELECT w.id FROM worker w ${where} ORDER BY w.id`).pluck().all(p) as number[];
}

interface Assessed {
  eligible: WorkerDetail[];
  preview: BatchPreview;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

async function assess(
  ctx: Ctx,
  input: BatchInput,
  handle: JobHandle | null,
): Promise<Assessed & { prepared: PreparedTerms }> {
  const ids = selectWorkerIds(ctx.db, input.selection);
  if (ids.length === 0) throw new AppError('VALIDATION', '所选范围内没有劳动者');
  if (ids.length > 20000)
    throw new AppError('VALIDATION', `所选范围内有 ${ids.length} 人，一批最多 20000 人，请缩小范围`);
  const day = today(ctx);
  const prepared = prepareTerms(ctx.db, input, day);
  const settings = ruleSettings(ctx.db);
  const preview: BatchPreview = {
    total: ids.length,
    eligibleCount: 0,
    refusedCount: 0,
    amountFen: 0,
    eligible: [],
    refused: [],
  };
  const eligible: WorkerDetail[] = [];
  for (let i = 0; i < ids.length; i++) {
    const worker = getWorker(ctx.db, ids[i]!);
    if (!worker) throw new AppError('VALIDATION', `劳动者（编号 ${ids[i]}）不存在`);
    const { refusals, amountFen } = checkEligibility(ctx.db, worker, prepared, day, settings);
    const who = { workerId: worker.id, name: worker.name, idNumberMasked: maskIdNumber(worker.idNumber) };
    if (refusals.length === 0) {
      eligible.push(worker);
      preview.eligibleCount++;
      preview.amountFen += amountFen ?? 0;
      if (preview.eligible.length < PREVIEW_LIST_LIMIT) preview.eligible.push({ ...who, amountFen: amountFen ?? 0 });
    } else {
      preview.refusedCount++;
      if (preview.refused.length < PREVIEW_LIST_LIMIT) preview.refused.push({ ...who, refusals });
    }
    if (handle && i % CHUNK === CHUNK - 1) {
      handle.progress(i + 1, ids.length * 2, '核对发券条件');
      await tick();
    }
  }
  return { eligible, preview, prepared };
}

export async function previewBatch(ctx: Ctx, input: BatchInput): Promise<BatchPreview> {
  return (await assess(ctx, input, null)).preview;
}

/**
 * Writes the batch in one transaction. Rules are judged before it, so the transaction first
 * makes sure no selected worker received a voucher meanwhile; if one did, nothing is written.
 */
export function writeBatch(
  ctx: Ctx,
  input: BatchInput,
  eligible: WorkerDetail[],
  prepared: PreparedTerms,
  sinceVoucherId: number,
) {
  const signer = ctx.keyring.signer(ctx.db, 'voucher');
  return ctx.db
    .transaction(() => {
      const raced = prep(
        ctx.db,
        `SELECT count(*) FROM voucher WHERE id > ? AND worker_id IN (SELECT value FROM json_each(?))`,
      )
        .pluck()
        .get(sinceVoucherId, JSON.stringify(eligible.map((w) => w.id))) as number;
      if (raced > 0)
        throw new AppError('CONFLICT', `核对期间有 ${raced} 人已由其他窗口领券，本批未发放，请重新预览后再发`);
      const at = isoNow(ctx.clock);
      const batchId = insertBatch(ctx.db, at, actorId(ctx), eligible.length, null);
      const serials: string[] = [];
      const jurisdiction = getSettings(ctx.db).jurisdictionCode;
      const days = input.validityDays ?? validityDays(ctx.db);
      for (const worker of eligible) {
        const v = issueVoucher(ctx, signer, worker, prepared, {
          fundSource: input.fundSource,
          validityDays: days,
          batchId,
          jurisdiction,
        });
        serials.push(v.serial);
        appendAudit(ctx.db, ctx.secrets, {
          at,
          userId: actorId(ctx),
          username: ctx.session?.user.username ?? null,
          channel: 'voucher:issueBatch',
          action: 'issue',
          entity: 'voucher',
          entityId: String(v.id),
          before: null,
          after: { serial: v.serial, workerId: worker.id, batchId, amountFen: v.amountFen },
        });
      }
      return { batchId, issued: serials.length, firstSerial: serials[0] ?? null, lastSerial: serials.at(-1) ?? null };
    })
    .immediate();
}

export const batchHandlers = {
  'voucher:batchPreview': (ctx: Ctx, input: BatchInput): Promise<BatchPreview> => previewBatch(ctx, input),

  'voucher:issueBatch': (ctx: Ctx, input: BatchInput): Job => {
    checkFundSource(ctx.db, input.fundSource);
    ctx.keyring.signer(ctx.db, 'voucher');
    const owner = ctx.session!.user.id;
    return ctx.jobs.start(
      'issueBatch',
      owner,
      async (handle) => {
        const since = prep(ctx.db, 'SELECT coalesce(max(id), 0) FROM voucher').pluck().get() as number;
        const { eligible, prepared } = await assess(ctx, input, handle);
        if (eligible.length === 0) throw new AppError('RULE', '所选劳动者均不符合发券条件');
        handle.progress(eligible.length, eligible.length * 2, '签名并写入（整批一次完成）');
        await tick();
        return writeBatch(ctx, input, eligible, prepared, since);
      },
      (e) => (e instanceof AppError ? e.message : '批量发券失败，未发放任何培训券'),
    );
  },

  'job:get': (ctx: Ctx, input: { id: string }): Job => ctx.jobs.get(input.id, ctx.session!.user.id),
};
