import type { Role } from '../../../../shared/contract/roles';

export const REDEEM_ROLES: readonly Role[] = ['admin', 'institutionOperator'];
