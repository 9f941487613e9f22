import type { AuditRow } from '../../../../shared/contract/schemas/audit';

export { auditActionLabel, auditChannelLabel, auditEntityLabel } from '../../../../shared/catalog/auditLabels';

/** Who did it, by name (王芳), the login name beside for the admin who manages accounts. */
export function auditActor(r: Pick<AuditRow, 'username' | 'displayName'>): string {
  if (r.displayName)
    return r.username && r.username !== r.displayName ? `${r.displayName}（${r.username}）` : r.displayName;
  return r.username ?? '系统';
}
