import {
  may,
  SETTLEMENT_PAYERS,
  SETTLEMENT_PREPARERS,
  SETTLEMENT_REVIEWERS,
  STAFF,
} from '../../../../shared/contract/access';
import type { Role } from '../../../../shared/contract/roles';

/** Who sees 资金结算: the bureau's staff. Admins read it (oversight) but take no step in it. */
export const SETTLEMENT_ROLES: readonly Role[] = STAFF;
/** Who makes batches (制单), resubmits and cancels them. */
export const PREPARER_ROLES: readonly Role[] = SETTLEMENT_PREPARERS;

export const canPrepare = (role: Role) => may(SETTLEMENT_PREPARERS, role);
/** Who approves or returns a batch and records recoveries. */
export const canReview = (role: Role) => may(SETTLEMENT_REVIEWERS, role);
/** Who records the payment (登记拨付). */
export const canPay = (role: Role) => may(SETTLEMENT_PAYERS, role);
