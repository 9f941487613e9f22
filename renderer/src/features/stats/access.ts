import type { Role } from '../../../../shared/contract/roles';

/** The bureau's staff read the statistics; institutions see only their own classes. */
export const STATS_ROLES: readonly Role[] = ['admin', 'clerk', 'reviewer'];
