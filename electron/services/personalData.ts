// 个人信息保护: a worker's ID number and phone leave the services masked unless the caller asks
// for them in full, has a role that needs them, and the view is audited. A masked view carries the
// birth year, never the birth date: the date is exactly the 8 digits the mask hides.
import type { Role } from '../../shared/contract/roles';
import type { WorkerDetail, WorkerView } from '../../shared/contract/schemas/worker';
import { maskIdNumber, maskPhone } from '../../shared/domain/mask';
import type { Ctx } from '../core/context';
import { AppError } from '../core/errors';

/** The window clerk registers and corrects people; the admin answers for the data. Reviewers see masks. */
export const FULL_VIEW_ROLES: readonly Role[] = ['admin', 'clerk'];

/** Whether this caller's role may ask for full ID numbers, phones and birth dates. */
export function mayViewFull(ctx: Pick<Ctx, 'session'>): boolean {
  const role = ctx.session?.user.role;
  return role !== undefined && FULL_VIEW_ROLES.includes(role);
}

/** Refuses a full view to a role that may not have one (before anything is recorded). */
export function assertFullView(
  ctx: Pick<Ctx, 'session'>,
  message = '当前角色只能查看脱敏后的身份证号和手机号码',
): void {
  if (!mayViewFull(ctx)) throw new AppError('FORBIDDEN', message);
}

export function maskWorker(w: WorkerView): WorkerView {
  return {
    ...w,
    idNumber: maskIdNumber(w.idNumber),
    phone: w.phone && maskPhone(w.phone),
    birthDate: null,
    masked: true,
  };
}

/** The worker as this caller may see it; a full view is checked and written to the audit log. */
export async function showWorker(ctx: Ctx, w: WorkerDetail, full: boolean, purpose: string): Promise<WorkerView> {
  if (!full) return maskWorker(w);
  assertFullView(ctx);
  await ctx.audit({ action: 'view_full', entity: 'worker', entityId: w.id, after: { purpose } });
  return { ...w, masked: false };
}
