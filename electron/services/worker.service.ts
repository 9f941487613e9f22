import type { ChannelParsed } from '../../shared/contract/channels';
import type { AuditRow } from '../../shared/contract/schemas/audit';
import type { Page } from '../../shared/contract/schemas/common';
import type {
  IdCheckResult,
  WorkerDetail,
  WorkerInput,
  WorkerListItem,
  WorkerView,
} from '../../shared/contract/schemas/worker';
import { checkIdNumber, localDateTime, normalizeIdNumber } from '../../shared/domain/idNumber';
import { maskIdNumber } from '../../shared/domain/mask';
import { listAudit } from '../db/repos/audit.repo';
import {
  findWorkerByIdNumber,
  getWorker,
  insertWorker,
  searchWorkers,
  townshipExists,
  updateWorker,
  type WorkerRecord,
} from '../db/repos/worker.repo';
import { isoNow } from '../core/clock';
import type { WriteCtx } from '../core/context';
import { actorId, type Ctx } from '../core/context';
import { AppError, notFound } from '../core/errors';
import { toAuditRow } from './audit.service';
import { mayViewFull, showWorker } from './personalData';

/** Turns validated input into what is stored: gender and birth date come from the ID number. */
export async function toRecord(ctx: Pick<Ctx, 'db' | 'clock'>, input: WorkerInput): Promise<WorkerRecord> {
  const id = checkIdNumber(input.idNumber, {
    allowUnlistedAddress: input.allowUnlistedAddress,
    today: ctx.clock.now(),
  });
  if (!id.ok) throw new AppError('VALIDATION', id.message, { fields: { idNumber: id.message } });
  if (!(await townshipExists(ctx.db, input.townshipCode))) {
    throw new AppError('VALIDATION', '所选乡镇不存在', { fields: { townshipCode: '所选乡镇不存在' } });
  }
  const { allowUnlistedAddress: _unused, ...rest } = input;
  return {
    ...rest,
    idNumber: id.idNumber,
    gender: id.gender,
    birthDate: id.birthDate,
    addressCodeUnlisted: !id.region,
  };
}

/**
 * Two windows registering one person: the second is told whom and by whom, so the clerks can sort
 * it out between them instead of registering twice.
 */
export function duplicateError(
  existing: { id: number; name: string; createdAt?: string; createdBy?: string | null },
  idNumber: string,
): AppError {
  const by =
    existing.createdBy && existing.createdAt
      ? `，由 ${existing.createdBy} 于 ${localDateTime(existing.createdAt)} 登记`
      : '';
  const message = `公民身份号码 ${maskIdNumber(idNumber)} 已登记（姓名：${existing.name}${by}），不能重复登记`;
  return new AppError('CONFLICT', message, {
    fields: { idNumber: message },
    detail: { workerId: existing.id, name: existing.name },
  });
}

async function load(ctx: Ctx, id: number): Promise<WorkerDetail> {
  const w = await getWorker(ctx.db, id);
  if (!w) throw notFound('劳动者');
  return w;
}

const LAST4_ONLY = '复核人只能按姓名，或身份证号、手机号码的后 4 位查找劳动者';

/**
 * A role that sees masks only may search by name and by the last 4 digits (which the mask shows).
 * Any other digits would be an oracle: searching 53052319900101 tells whose hidden digits those are.
 */
function refuseDigitOracle(ctx: Ctx, q: string): void {
  if (mayViewFull(ctx)) return;
  const digits = normalizeIdNumber(q);
  if (/^\d+X?$/.test(digits) && !/^\d{3}[\dX]$/.test(digits)) {
    throw new AppError('VALIDATION', LAST4_ONLY, { fields: { q: LAST4_ONLY } });
  }
}

export const workerHandlers = {
  'worker:checkId': async (ctx: Ctx, input: ChannelParsed<'worker:checkId'>): Promise<IdCheckResult> => {
    const r = checkIdNumber(input.idNumber, {
      allowUnlistedAddress: input.allowUnlistedAddress,
      today: ctx.clock.now(),
    });
    if (!r.ok) return { ok: false, code: r.code, message: r.message };
    return {
      ok: true,
      idNumber: r.idNumber,
      birthDate: r.birthDate,
      gender: r.gender,
      region: r.region ?? null,
      convertedFrom: r.convertedFrom ?? null,
      existing: (await findWorkerByIdNumber(ctx.db, r.idNumber)) ?? null,
    };
  },

  'worker:create': async (ctx: WriteCtx, input: ChannelParsed<'worker:create'>): Promise<WorkerDetail> => {
    const record = await toRecord(ctx, input);
    const existing = await findWorkerByIdNumber(ctx.db, record.idNumber);
    if (existing) throw duplicateError(existing, record.idNumber);
    const id = await insertWorker(ctx.db, record, isoNow(ctx.clock), actorId(ctx));
    const after = await load(ctx, id);
    await ctx.audit({ action: 'create', entity: 'worker', entityId: id, after });
    return after;
  },

  'worker:update': async (ctx: WriteCtx, input: ChannelParsed<'worker:update'>): Promise<WorkerDetail> => {
    const before = await load(ctx, input.id);
    const { id, ...fields } = input;
    const record = await toRecord(ctx, fields);
    const existing = await findWorkerByIdNumber(ctx.db, record.idNumber);
    if (existing && existing.id !== id) throw duplicateError(existing, record.idNumber);
    await updateWorker(ctx.db, id, record, isoNow(ctx.clock));
    const after = await load(ctx, id);
    await ctx.audit({ action: 'update', entity: 'worker', entityId: id, before, after });
    return after;
  },

  'worker:get': async (ctx: Ctx, input: ChannelParsed<'worker:get'>): Promise<WorkerView> =>
    showWorker(ctx, await load(ctx, input.id), input.full, '查看/修改劳动者信息'),

  'worker:search': async (ctx: Ctx, input: ChannelParsed<'worker:search'>): Promise<Page<WorkerListItem>> => {
    refuseDigitOracle(ctx, input.q);
    const { items, total } = await searchWorkers(ctx.db, {
      q: input.q,
      townshipCode: input.townshipCode,
      pending: input.pending,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    return { items, total, page: input.page, pageSize: input.pageSize };
  },

  // Built from audit rows, shown masked whoever asks (older rows hold numbers in clear).
  'worker:history': async (ctx: Ctx, input: ChannelParsed<'worker:history'>): Promise<AuditRow[]> =>
    (await listAudit(ctx.db, { entity: 'worker', entityId: String(input.id) }, 200, 0)).rows.map((r) =>
      toAuditRow(r, ctx.secrets.fingerprint),
    ),
};
