import type { Role } from '../../../../shared/contract/roles';

export const TRAINING_ROLES: readonly Role[] = ['institutionOperator'];
