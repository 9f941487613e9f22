import type { Role } from '../../../../shared/contract/roles';

export const WORKER_ROLES: readonly Role[] = ['admin', 'clerk', 'reviewer'];

/** Reviewers only read worker records. */
export function canEditWorkers(role: Role): boolean {
  return role === 'admin' || role === 'clerk';
}
