import { EXCHANGE_STAFF, KEY_BINDERS, may } from '../../../../shared/contract/access';
import type { Role } from '../../../../shared/contract/roles';

/**
 * Who has 机构数据交换 in the menu: reviewers, who check an offline institution's claims before its
 * batch is approved. Admins have the same page under 系统管理 → 数据交换.
 */
export const EXCHANGE_ROLES: readonly Role[] = EXCHANGE_STAFF.filter((r) => r !== 'admin');
/** Binding an institution's key decides whose signatures count: the roles institution:bind takes. */
export const canBindKeys = (role: Role) => may(KEY_BINDERS, role);
