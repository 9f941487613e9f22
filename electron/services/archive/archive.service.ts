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
import type { Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { renderExtractPdf } from '../../pdf/extract.pdf';
import { signToText } from '../qr/cose';
import { encodeExtractClaims, EXTRACT_PREFIX } from '../qr/extractClaims';
import { buildSnapshot } from './snapshot';
import { digestOf } from './extractVerify';
import { randomUUID } from 'node:crypto';

/** The archive as stored, the worker unmasked: what the services build views, extracts and exports from. */
export type FullArchive = Omit<Archive, 'worker'> & { worker: WorkerDetail };

export function loadArchive(ctx: Pick<Ctx, 'db'>, workerId: number): FullArchive {
  const worker = getWorker(ctx.db, workerId);
  if (!worker) throw notFound('劳动者');
  const vouchers = listVouchers(ctx.db, { q: '', workerId }, 500, 0).items.map((v) => ({
    ...v,
    events: getVoucher(ctx.db, v.id)!.events,
  }));
  return {
    worker,
    vouchers,
    trainings: repo.trainingsOf(ctx.db, workerId),
    certificates: repo.certificatesOf(ctx.db, workerId),
    subsidies: repo.subsidiesOf(ctx.db, workerId),
    honours: repo.honoursOf(ctx.db, workerId),
    employment: repo.employmentOf(ctx.db, workerId),
  };
}

function requireWorker(ctx: Ctx, id: number) {
  if (!getWorker(ctx.db, id)) throw notFound('劳动者');
}

/** Writes the extract's record and audit row, and returns what the PDF needs. Synchronous, one transaction. */
export function recordExtract(ctx: Ctx, workerId: number, showFullId: boolean) {
  if (showFullId) assertFullView(ctx, '当前角色只能打印隐去部分号码的档案摘要');
  return ctx.db
    .transaction(() => {
      const archive = loadArchive(ctx, workerId);
      const settings = getSettings(ctx.db);
      const now = ctx.clock.now();
      const year = now.getFullYear();
      const seq = repo.nextExtractSeq(ctx.db, year);
      const number = `DA-${settings.jurisdictionCode}-${year}-${String(seq).padStart(6, '0')}`;
      const operator = ctx.session?.user.displayName ?? '系统';
      const snapshot = buildSnapshot(archive, {
        number,
        generatedAt: localDateTime(now.toISOString()),
        operator,
        jurisdiction: settings.jurisdictionName,
        bureau: settings.bureauName,
        showFullId,
      });
      const text = JSON.stringify(snapshot);
      const digest = digestOf(text);
      repo.insertExtract(ctx.db, {
        number,
        year,
        seq,
        workerId,
        at: now.toISOString(),
        by: ctx.session?.user.username ?? null,
        fullId: showFullId,
        digest,
        snapshot: text,
      });
      const qrText = signToText(
        EXTRACT_PREFIX,
        encodeExtractClaims({
          number,
          holderName: maskName(archive.worker.name),
          idLast4: archive.worker.idNumber.slice(-4),
          generatedOn: localDate(now),
          digest: Buffer.from(digest.slice(0, 32), 'hex'),
          trainings: archive.trainings.length,
          certificates: archive.certificates.length,
          subsidies: archive.subsidies.length,
          honours: archive.honours.length,
        }),
        ctx.keyring.signer(ctx.db, 'extract'),
      );
      ctx.audit({
        action: showFullId ? 'extractFullId' : 'extract',
        entity: 'worker',
        entityId: workerId,
        after: { number, showFullId },
      });
      return { snapshot, qrText, number };
    })
    .immediate();
}

export async function extractPdf(ctx: Ctx, workerId: number, showFullId: boolean) {
  const { snapshot, qrText, number } = recordExtract(ctx, workerId, showFullId);
  return { pdf: await renderExtractPdf(snapshot, qrText), number };
}

/** What a handler sends back after a change: the archive with the worker masked. */
function maskedArchive(ctx: Ctx, workerId: number): Archive {
  const a = loadArchive(ctx, workerId);
  return { ...a, worker: maskWorker(a.worker) };
}

export const archiveHandlers = {
  'archive:get': (ctx: Ctx, input: ChannelParsed<'archive:get'>): Archive => {
    const a = loadArchive(ctx, input.id);
    return { ...a, worker: showWorker(ctx, a.worker, input.full, '查看档案') };
  },

  'archive:addHonour': (ctx: Ctx, input: ChannelParsed<'archive:addHonour'>): Archive => {
    requireWorker(ctx, input.workerId);
    const id = repo.insertHonour(ctx.db, { ...input, at: isoNow(ctx.clock) });
    ctx.audit({ action: 'addHonour', entity: 'worker', entityId: input.workerId, after: { honourId: id, ...input } });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addEmployment': (ctx: Ctx, input: ChannelParsed<'archive:addEmployment'>): Archive => {
    requireWorker(ctx, input.workerId);
    const id = repo.insertEmployment(ctx.db, { ...input, at: isoNow(ctx.clock) });
    ctx.audit({
      action: 'addEmployment',
      entity: 'worker',
      entityId: input.workerId,
      after: { employmentId: id, ...input },
    });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addHistoricalTraining': (ctx: Ctx, input: ChannelParsed<'archive:addHistoricalTraining'>): Archive => {
    requireWorker(ctx, input.workerId);
    const id = repo.insertHistoricalTraining(ctx.db, { ...input, at: isoNow(ctx.clock) });
    ctx.audit({
      action: 'addHistoricalTraining',
      entity: 'worker',
      entityId: input.workerId,
      after: { trainingId: id, ...input },
    });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:addHistoricalCertificate': (ctx: Ctx, input: ChannelParsed<'archive:addHistoricalCertificate'>): Archive => {
    requireWorker(ctx, input.workerId);
    if (certificateByNumber(ctx.db, input.number)) {
      throw new AppError('CONFLICT', `证书编号 ${input.number} 已被使用`, { fields: { number: '证书编号已被使用' } });
    }
    insertCertificate(ctx.db, { uid: randomUUID(), serial: null, historical: 1, at: isoNow(ctx.clock), ...input });
    ctx.audit({ action: 'addHistoricalCertificate', entity: 'worker', entityId: input.workerId, after: input });
    return maskedArchive(ctx, input.workerId);
  },

  'archive:extract': (ctx: Ctx, input: ChannelParsed<'archive:extract'>): Job => {
    const owner = ctx.session!.user.id;
    requireWorker(ctx, input.workerId);
    const recorded = recordExtract(ctx, input.workerId, input.showFullId);
    return ctx.jobs.start(
      'archiveExtract',
      owner,
      async () => {
        const pdf = await renderExtractPdf(recorded.snapshot, recorded.qrText);
        const name = `档案摘要-${recorded.number}.pdf`;
        return { artifactId: ctx.artifacts.put(owner, name, 'application/pdf', pdf), name, number: recorded.number };
      },
      () => '生成档案摘要失败',
    );
  },
};
