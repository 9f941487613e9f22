import { HOLD_RELEASERS, ISSUERS, may, REISSUERS, REVOKERS, STAFF } from '../../../../shared/contract/access';
import type { Role } from '../../../../shared/contract/roles';

export const VOUCHER_ROLES: readonly Role[] = STAFF;
export const ISSUER_ROLES: readonly Role[] = ISSUERS;

export function canIssueVouchers(role: Role): boolean {
  return may(ISSUERS, role);
}

export function canRevokeVouchers(role: Role): boolean {
  return may(REVOKERS, role);
}

/** 补发 in one step: only a role that may both revoke and issue (the contract's intersection). */
export function canReissueVouchers(role: Role): boolean {
  return may(REISSUERS, role);
}

/** 解除暂扣: a reviewer checks the holder's identity (admins take no part in what pays out). */
export function canReleaseHolds(role: Role): boolean {
  return may(HOLD_RELEASERS, role);
}
