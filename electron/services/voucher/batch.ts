// Batch issuance: a preview of who is eligible (and which rule refused everyone else), then
// one transaction for the whole batch, so a failure leaves nothing half-issued.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { BatchPreview, Job, RuleRefusal } from '../../../shared/contract/schemas/voucher';
import type { WorkerDetail } from '../../../shared/contract/schemas/worker';
import { maskIdNumber } from '../../../shared/domain/mask';
import type { Queryable } from '../../db/driver/types';
import { auditChain } from '../../db/repos/audit.repo';
import { insertBatch, liveVouchersOfMany, voucherCounts, type LiveVoucher } from '../../db/repos/voucher.repo';
import { getWorkers, workerIdsWhere } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import { auditEntry } from '../../core/callContext';
import { actorId, type Ctx, type JobCtx } from '../../core/context';
import { AppError } from '../../core/errors';
import { townshipScope, type TownshipScope } from '../../core/townshipScope';
import type { JobHandle } from '../../core/jobs';
import { judgeEligibility, prepareTerms, ruleSettings, type PreparedTerms } from './eligibility';
import { checkFundSource, draftVouchers, insertDrafts, issueWithRetry, today, validityDays } from './issue';

type BatchInput = ChannelParsed<'voucher:batchPreview'>;
const CHUNK = 500;
const PREVIEW_LIST_LIMIT = 500;

/** A filter selects only the caller's townships; ids picked one by one are judged below. */
export async function selectWorkerIds(
  db: Queryable,
  selection: BatchInput['selection'],
  scope: TownshipScope = null,
): Promise<number[]> {
  if ('workerIds' in selection) return [...new Set(selection.workerIds)];
  return workerIdsWhere(db, selection.filter, scope);
}

/** A picked id outside the caller's townships: listed as refused, under no name (it is not theirs to see). */
const NOT_YOURS: RuleRefusal = {
  rule: 'township',
  ruleName: '所属乡镇',
  message: '不属于您所属乡镇的劳动者，不能发券',
};

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
  const scope = townshipScope(ctx);
  const ids = await selectWorkerIds(ctx.db, input.selection, scope);
  if (ids.length === 0) throw new AppError('VALIDATION', '所选范围内没有劳动者');
  if (ids.length > 20000)
    throw new AppError('VALIDATION', `所选范围内有 ${ids.length} 人，一批最多 20000 人，请缩小范围`);
  const day = today(ctx);
  const prepared = await prepareTerms(ctx.db, input, day);
  const settings = await ruleSettings(ctx.db);
  const preview: BatchPreview = {
    total: ids.length,
    eligibleCount: 0,
    refusedCount: 0,
    amountFen: 0,
    eligible: [],
    refused: [],
  };
  const eligible: WorkerDetail[] = [];
  // Read a chunk's workers and live vouchers at once: one by one, 10,000 workers took 20,000 queries.
  let workers = new Map<number, WorkerDetail>();
  let live = new Map<number, LiveVoucher[]>();
  for (let i = 0; i < ids.length; i++) {
    if (i % CHUNK === 0) {
      const chunk = ids.slice(i, i + CHUNK);
      workers = await getWorkers(ctx.db, chunk, scope);
      live = await liveVouchersOfMany(ctx.db, [...workers.keys()]);
    }
    const worker = workers.get(ids[i]!);
    // Missing or another township's: the same answer, so that ids cannot be probed this way.
    if (!worker && scope) {
      preview.refusedCount++;
      const who = { workerId: ids[i]!, name: '—', idNumberMasked: '—' };
      if (preview.refused.length < PREVIEW_LIST_LIMIT) preview.refused.push({ ...who, refusals: [NOT_YOURS] });
      continue;
    }
    if (!worker) throw new AppError('VALIDATION', `劳动者（编号 ${ids[i]}）不存在`);
    const { refusals, amountFen } = judgeEligibility(worker, prepared, day, settings, live.get(worker.id) ?? []);
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
 * Writes the batch in one transaction, after the signatures (outside it). Rules were judged before,
 * so the transaction first makes sure no selected worker received (or lost) a voucher meanwhile; if
 * one did, nothing is written.
 */
export async function writeBatch(
  ctx: JobCtx,
  input: BatchInput,
  eligible: WorkerDetail[],
  prepared: PreparedTerms,
  counts: Map<number, number>,
) {
  const signer = await ctx.keyring.signer(ctx.db, 'voucher');
  const days = input.validityDays ?? (await validityDays(ctx.db));
  const items = eligible.map((worker) => ({
    worker,
    prepared,
    opts: { fundSource: input.fundSource, validityDays: days },
  }));
  return issueWithRetry(
    () => draftVouchers(ctx, signer, items),
    (drafts) =>
      ctx.write(async (w) => {
        const now = await voucherCounts(
          w.db,
          eligible.map((e) => e.id),
        );
        const raced = eligible.filter((e) => (now.get(e.id) ?? 0) !== (counts.get(e.id) ?? 0)).length;
        if (raced > 0)
          throw new AppError(
            'CONFLICT',
            `核对期间有 ${raced} 人的培训券有变动（其他窗口发券或作废），本批未发放，请重新预览后再发`,
          );
        const at = isoNow(w.clock);
        const batchId = await insertBatch(w.db, at, actorId(w), eligible.length, null);
        const written = await insertDrafts(w.db, drafts, batchId);
        // One bulk append: on PostgreSQL each single append was a statement of its own (3.4 s of
        // a 10,000-voucher batch).
        const audit = await auditChain(w.db, w.secrets);
        await audit.appendMany(
          written.map((v, k) =>
            auditEntry(w, {
              action: 'issue',
              entity: 'voucher',
              entityId: v.id,
              after: { serial: v.serial, workerId: drafts[k]!.workerId, batchId, amountFen: drafts[k]!.amountFen },
            }),
          ),
        );
        return {
          batchId,
          issued: written.length,
          firstSerial: written[0]?.serial ?? null,
          lastSerial: written.at(-1)?.serial ?? null,
        };
      }),
  );
}

export const batchHandlers = {
  'voucher:batchPreview': (ctx: Ctx, input: BatchInput): Promise<BatchPreview> => previewBatch(ctx, input),

  'voucher:issueBatch': async (ctx: JobCtx, input: BatchInput): Promise<Job> => {
    await checkFundSource(ctx.db, input.fundSource);
    await ctx.keyring.signer(ctx.db, 'voucher');
    const owner = ctx.session!.user.id;
    return ctx.jobs.start(
      'issueBatch',
      owner,
      async (handle) => {
        const { eligible, prepared } = await assess(ctx, input, handle);
        if (eligible.length === 0) throw new AppError('RULE', '所选劳动者均不符合发券条件');
        const counts = await voucherCounts(
          ctx.db,
          eligible.map((e) => e.id),
        );
        handle.progress(eligible.length, eligible.length * 2, '签名并写入（整批一次完成）');
        await tick();
        return writeBatch(ctx, input, eligible, prepared, counts);
      },
      (e) => (e instanceof AppError ? e.message : '批量发券失败，未发放任何培训券'),
    );
  },

  'job:get': (ctx: Ctx, input: { id: string }): Promise<Job> => ctx.jobs.get(input.id, ctx.session!.user.id),
};
