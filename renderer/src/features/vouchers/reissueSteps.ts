import type { Role } from '../../../../shared/contract/roles';
import { canIssueVouchers, canRevokeVouchers } from './access';

/**
 * 补发 in one step is for a role that may both revoke and issue; everyone else is told the two
 * steps and which of them is theirs (a reviewer revokes, a clerk issues a new voucher).
 */
export function reissueSteps(role: Role): string {
  const revoke = canRevokeVouchers(role)
    ? '先由您点击“作废”作废原券（原因写明“补发：遗失”等）'
    : '先由复核人作废原券（原因写明“补发：遗失”等）';
  const issue = canIssueVouchers(role)
    ? '再由您在“劳动者档案”中为其重新发券'
    : '再由窗口经办人在劳动者档案中为其重新发券';
  return `${revoke}，${issue}。作废和发券由两个人分别完成，各记入审计日志。`;
}
