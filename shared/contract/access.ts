// Who may do what: the role groups of the contract, in one place so that the contract and the
// renderer's menus and buttons read the same lists and cannot drift apart.
import type { Role } from './roles';

/** The bureau's own staff. */
export const STAFF = ['admin', 'clerk', 'reviewer'] as const;
/** 发券: issue vouchers, keep the archive. */
export const ISSUERS = ['admin', 'clerk'] as const;
/** 作废: revoke a voucher. */
export const REVOKERS = ['admin', 'reviewer'] as const;
export const OPERATORS = ['institutionOperator'] as const;

/**
 * 补发 revokes the old voucher and issues a new one in one step, so only a role that may do both
 * may do it; everyone else takes the two steps (a reviewer revokes, a clerk issues a new one).
 */
export const REISSUERS = intersect(ISSUERS, REVOKERS);

// Money. The IT administrator (系统管理员) runs accounts, settings, keys, the catalogue, backups and
// the audit log, and takes no part in paying anyone: an admin who could both create accounts and
// prepare or approve a batch would be the two people of the two-person rule alone.
/** 制单: prepare a settlement batch, resubmit or cancel it. */
export const SETTLEMENT_PREPARERS = ['clerk'] as const;
/** 复核: approve or return a batch, record a recovery (追回). */
export const SETTLEMENT_REVIEWERS = ['reviewer'] as const;
/** 登记拨付: record the payment the treasury made; either side of the two may. */
export const SETTLEMENT_PAYERS = ['clerk', 'reviewer'] as const;
/** 解除暂扣: a reviewer checks the holder's identity before a held voucher can be used again. */
export const HOLD_RELEASERS = ['reviewer'] as const;

/**
 * 数据交换 with offline institutions: take in their claim packages, send them status updates, see
 * their keys. Binding a key (a registration file) stays the admin's: it decides whose signatures count.
 */
export const EXCHANGE_STAFF = ['admin', 'reviewer'] as const;
/** Who binds an institution's key (institution:bind): it decides whose signatures count. */
export const KEY_BINDERS = ['admin'] as const;

/** The roles of both lists, in the order of the first. */
export function intersect(a: readonly Role[], b: readonly Role[]): readonly Role[] {
  return a.filter((r) => b.includes(r));
}

export function may(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}
