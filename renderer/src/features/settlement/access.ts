import type { Role } from '../../../../shared/contract/roles';

export const SETTLEMENT_ROLES: readonly Role[] = ['admin', 'clerk', 'reviewer'];
/** Who makes batches (制单), resubmits and cancels them. */
export const PREPARER_ROLES: readonly Role[] = ['admin', 'clerk'];

export const canPrepare = (role: Role) => PREPARER_ROLES.includes(role);
/** Who approves or returns a batch and records recoveries. */
export const canReview = (role: Role) => role === 'admin' || role === 'reviewer';
