// 职业培训电子档案: everything known about one worker's training, hand-entered records from
// before the system, and the signed, printable extract.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Archive } from '../../../shared/contract/schemas/archive';
import type { WorkerDetail } from '../../../shared/contract/schemas/worker';
import type { Job } from '../../../shared/contract/schemas/voucher';
import { localDate, localDateTime } from '../../../shared/domain/idNumber';
import { maskName } from '../../../shared/domain/mask';
import * as repo from '../../db/repos/archive.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { getVoucher, listVouchers } from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { assertFullView, maskWorker, showWorker } from '../personalData';
import { certificateByNumber, insertCertificate } from '../../db/repos/training.repo';
import { isoNow } from '../../core/clock';
import type { Ctx, JobCtx, WriteCtx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { renderExtractPdf } from '../../pdf/extract.pdf';
import { signToText } from '../qr/cose';
import { encodeExtractClaims, EXTRACT_PREFIX } from '../qr/extractClaims';
import { buildSnapshot } from './snapshot';
import { digestOf } from './extractVerify';
import { randomUUID } from 'node:crypto';

/** The archive as stored, the worker unmasked: what the services build views, extracts and exports from. */
export type FullArchive = Omit<Archive, 'worker'> & { worker: WorkerDetail };

export async function loadArchive(ctx: Pick<Ctx, 'db'>, workerId: number): Promise<FullArchive> {
  const worker = await getWorker(ctx.db, workerId);
  if (!worker) throw notFound('劳动者');
  const vouchers = [];
  for (const v of (await listVouchers(ctx.db, { q: '', workerId }, 500, 0)).items) {
    vouchers.push({ ...v, events: (await getVoucher(ctx.db, v.id))!.events });
  }
  return {
    worker,
    vouchers,
    trainings: await repo.trainingsOf(ctx.db, workerId),
    certificates: await repo.certificatesOf(ctx.db, workerId),
    subsidies: await repo.subsidiesOf(ctx.db, workerId),
    honours: await repo.honoursOf(ctx.db, workerId),
    employment: await repo.employmentOf(ctx.db, workerId),
  };
}

async function requireWorker(ctx: Ctx, id: number) {
  if (!(await getWorker(ctx.db, id))) throw notFound('劳动者');
}

/**
 * Writes the extract's record and audit row in one short write (its number is the year's next),
 * then signs its QR, outside the write: the QR is not stored, only the digest it carries.
 */
export async function recordExtract(
  ctx: Pick<JobCtx, 'db' | 'keyring' | 'session' | 'write'>,
  workerId: number,
  showFullId: boolean,
) {
  if (showFullId) assertFullView(ctx, '当前角色只能打印隐去部分号码的档案摘要');
  const signer = await ctx.keyring.signer(ctx.db, 'extract');
  const rec = await ctx.write(async (w) => {
    const archive = await loadArchive(w, workerId);
    const settings = await getSettings(w.db);
    const now = w.clock.now();
    const year = now.getFullYear();
    const seq = await repo.nextExtractSeq(w.db, year);
    const number = `DA-${settings.jurisdictionCode}-${year}-${String(seq).padStart(6, '0')}`;
    const snapshot = buildSnapshot(archive, {
      number,
      generatedAt: localDateTime(now.toISOString()),
      operator: w.session?.user.displayName ?? '系统',
      jurisdiction: settings.jurisdictionName,
      bureau: settings.bureauName,
      showFullId,
    });
    const text = JSON.stringify(snapshot);
    const digest = digestOf(text);
    await repo.insertExtract(w.db, {
      number,
      year,
      seq,
      workerId,
      at: now.toISOString(),
      by: w.session?.user.username ?? null,
      fullId: showFullId,
      digest,
      snapshot: text,
    });
    await w.audit({
      action: showFullId ? 'extractFullId' : 'extract',
      entity: 'worker',
      entityId: workerId,
      after: { number, showFullId },
    });
    return { snapshot, number, digest, now, archive };
  });
  const qrText = signToText(
    EXTRACT_PREFIX,
    encodeExtractClaims({
      number: rec.number,
      holderName: maskName(rec.archive.worker.name),
      idLast4: rec.archive.worker.idNumber.slice(-4),
      generatedOn: localDate(rec.now),
      digest: Buffer.from(rec.digest.slice(0, 32), 'hex'),
      trainings: rec.archive.trainings.length,
      certificates: rec.archive.certificates.length,
      subsidies: rec.archive.subsidies.length,
      honours: rec.archive.honours.length,
    }),
    signer,
  );
  return { snapshot: rec.snapshot, qrText, number: rec.number };
}

export async function extractPdf(
  ctx: Pick<JobCtx, 'db' | 'keyring' | 'session' | 'write'>,
  workerId: number,
  showFullId: boolean,
) {
  const { snapshot, qrText, number } = await recordExtract(ctx, workerId, showFullId);
  return { pdf: await renderExtractPdf(snapshot, qrText), number };
}

/** What a handler sends back after a change: the archive with the worker masked. */
async function maskedArchive(ctx: Ctx, workerId: number): Promise<Archive> {
  const a = await loadArchive(ctx, workerId);
  return { ...a, worker: maskWorker(a.worker) };
}

export const archiveHandlers = {
  'archive:get': async (ctx: Ctx, input: ChannelParsed<'archive:get'>): Promise<Archive> => {
    const a = await loadArchive(ctx, input.id);
    return { ...a, worker: await showWorker(ctx, a.worker, input.full, '查看档案') };
  },

  'archive:addHonour': async (ctx: WriteCtx, input: ChannelParsed<'archive:addHonour'>): Promise<Archive> => {
    await requireWorker(ctx, input.workerId);
    const id = await repo.insertHonour(ctx.db, { ...input, at: isoNow(ctx.clock) });
    await ctx.audit({
      action: 'addHonour',
      entity: 'worker',
      entityId: input.workerId,
      after: { honourId: id, ...input },
    });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addEmployment': async (ctx: WriteCtx, input: ChannelParsed<'archive:addEmployment'>): Promise<Archive> => {
    await requireWorker(ctx, input.workerId);
    const id = await repo.insertEmployment(ctx.db, { ...input, at: isoNow(ctx.clock) });
    await ctx.audit({
      action: 'addEmployment',
      entity: 'worker',
      entityId: input.workerId,
      after: { employmentId: id, ...input },
    });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addHistoricalTraining': async (
    ctx: WriteCtx,
    input: ChannelParsed<'archive:addHistoricalTraining'>,
  ): Promise<Archive> => {
    await requireWorker(ctx, input.workerId);
    const id = await repo.insertHistoricalTraining(ctx.db, { ...input, at: isoNow(ctx.clock) });
    await ctx.audit({
      action: 'addHistoricalTraining',
      entity: 'worker',
      entityId: input.workerId,
      after: { trainingId: id, ...input },
    });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addHistoricalCertificate': async (
    ctx: WriteCtx,
    input: ChannelParsed<'archive:addHistoricalCertificate'>,
  ): Promise<Archive> => {
    await requireWorker(ctx, input.workerId);
    if (await certificateByNumber(ctx.db, input.number)) {
      throw new AppError('CONFLICT', `证书编号 ${input.number} 已被使用`, { fields: { number: '证书编号已被使用' } });
    }
    await insertCertificate(ctx.db, {
      uid: randomUUID(),
      serial: null,
      historical: 1,
      at: isoNow(ctx.clock),
      ...input,
    });
    await ctx.audit({ action: 'addHistoricalCertificate', entity: 'worker', entityId: input.workerId, after: input });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:extract': async (ctx: JobCtx, input: ChannelParsed<'archive:extract'>): Promise<Job> => {
    const owner = ctx.session!.user.id;
    await requireWorker(ctx, input.workerId);
    const recorded = await recordExtract(ctx, input.workerId, input.showFullId);
    return ctx.jobs.start(
      'archiveExtract',
      owner,
      async () => {
        const pdf = await renderExtractPdf(recorded.snapshot, recorded.qrText);
        const name = `档案摘要-${recorded.number}.pdf`;
        return {
          artifactId: await ctx.artifacts.put(owner, name, 'application/pdf', pdf),
          name,
          number: recorded.number,
        };
      },
      () => '生成档案摘要失败',
    );
  },
};
