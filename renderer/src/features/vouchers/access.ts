import type { Role } from '../../../../shared/contract/roles';

export const VOUCHER_ROLES: readonly Role[] = ['admin', 'clerk', 'reviewer'];
export const ISSUER_ROLES: readonly Role[] = ['admin', 'clerk'];

export function canIssueVouchers(role: Role): boolean {
  return ISSUER_ROLES.includes(role);
}

export function canRevokeVouchers(role: Role): boolean {
  return role === 'admin' || role === 'reviewer';
}

/** 解除暂扣: reviewers check the holder's identity (and admins, as long as the contract allows them). */
export function canReleaseHolds(role: Role): boolean {
  return role === 'admin' || role === 'reviewer';
}
