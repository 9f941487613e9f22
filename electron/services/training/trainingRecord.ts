// 培训记录: what lies behind a voucher's payment — its class, every session with its 补签 / 更正,
// the assessment and the certificate. The bureau's staff open it from a settlement line or an
// archive; an institution's operator only for vouchers it redeemed.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { TrainingRecord } from '../../../shared/contract/schemas/attendance';
import { getOccupation } from '../../db/repos/catalog.repo';
import { institutionNameByCode, redemptionWithName } from '../../db/repos/redemption.repo';
import * as repo from '../../db/repos/training.repo';
import { findVoucherIdBySerial, getVoucher } from '../../db/repos/voucher.repo';
import type { Ctx } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { townshipScope } from '../../core/townshipScope';
import { sessionsWithHistory } from './adjustments';
import { holderOf, minAttendancePct, myInstitutionCode, percent, requiredHours } from './common';

export async function trainingRecord(ctx: Ctx, serial: string): Promise<TrainingRecord> {
  const r = await redemptionWithName(ctx.db, serial);
  if (ctx.session?.user.role === 'institutionOperator') {
    // Another institution's trainee is not found, as if there were none: no hint that it exists.
    if (!r || r.institution_code !== (await myInstitutionCode(ctx))) throw notFound('培训记录');
  }
  const scope = townshipScope(ctx);
  if (scope) {
    // A township clerk's: another township's voucher is not found, as every other channel has it.
    const id = await findVoucherIdBySerial(ctx.db, serial);
    if (id === undefined || !(await getVoucher(ctx.db, id, scope))) throw notFound('培训记录');
  }
  if (!r) throw new AppError('RULE', `券号 ${serial} 尚未核销，没有培训记录`);
  const uid = await repo.memberClass(ctx.db, serial);
  const c = uid ? await repo.getClass(ctx.db, uid) : undefined;
  const hours = c ? await requiredHours(ctx, c) : 0;
  const sessions = c ? await sessionsWithHistory(ctx, c.uid, serial) : [];
  const minutes = sessions.reduce((n, s) => n + s.minutes, 0);
  const adjustments = sessions.flatMap((s) => s.adjustments);
  return {
    serial,
    ...holderOf(r.qr_text, r.worker_name),
    institutionName: (await institutionNameByCode(ctx.db, r.institution_code)) ?? r.institution_code,
    redeemedAt: r.redeemed_at,
    klass: c
      ? {
          uid: c.uid,
          name: c.name,
          occupationCode: c.occupationCode,
          occupationName: (await getOccupation(ctx.db, c.occupationCode))?.name ?? c.occupationCode,
          level: c.level,
          startDate: c.startDate,
          endDate: c.endDate,
          plannedHours: c.plannedHours,
          requiredHours: hours,
          teachers: c.teachers,
        }
      : null,
    minutes,
    attendancePct: c ? percent(minutes, hours) : 0,
    minAttendancePct: await minAttendancePct(ctx),
    sessions,
    makeups: adjustments.filter((a) => a.kind === 'makeup').length,
    corrections: adjustments.filter((a) => a.kind === 'correction').length,
    completion: (await repo.completionOf(ctx.db, serial)) ?? null,
    certificate: (await repo.certificateOf(ctx.db, serial)) ?? null,
  };
}

export const trainingRecordHandlers = {
  'training:record': (ctx: Ctx, input: ChannelParsed<'training:record'>): Promise<TrainingRecord> =>
    trainingRecord(ctx, input.serial),
};
