// 个人信息保护: a worker's ID number and phone leave the services masked unless the caller asks
// for them in full, has a role that needs them, and the view is audited.
import type { Role } from '../../shared/contract/roles';
import type { WorkerDetail } from '../../shared/contract/schemas/worker';
import { maskIdNumber, maskPhone } from '../../shared/domain/mask';
import type { Ctx } from '../core/context';
import { AppError } from '../core/errors';

/** The window clerk registers and corrects people; the admin answers for the data. Reviewers see masks. */
export const FULL_VIEW_ROLES: readonly Role[] = ['admin', 'clerk'];

export function maskWorker(w: WorkerDetail): WorkerDetail {
  return { ...w, idNumber: maskIdNumber(w.idNumber), phone: w.phone && maskPhone(w.phone), masked: true };
}

/** The worker as this caller may see it; a full view is checked and written to the audit log. */
export function showWorker(ctx: Ctx, w: WorkerDetail, full: boolean, purpose: string): WorkerDetail {
  if (!full) return maskWorker(w);
  const role = ctx.session?.user.role;
  if (!role || !FULL_VIEW_ROLES.includes(role))
    throw new AppError('FORBIDDEN', '当前角色只能查看脱敏后的身份证号和手机号码');
  ctx.audit({ action: 'view_full', entity: 'worker', entityId: w.id, after: { purpose } });
  return { ...w, masked: false };
}
