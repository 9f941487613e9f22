// 账号变更 on the anomaly list: whoever creates, re-enables, re-roles or resets an account can act
// through it until a second admin confirms the change. The list shows the changes still waiting,
// approvals made through such an account, and confirmations that may be one person's own.
import { ROLE_LABELS } from '../../../shared/contract/roles';
import type { AccountChange } from '../../../shared/contract/schemas/accounts';
import type { Queryable } from '../driver/types';
import { approvalsWhilePending, confirmationsByMakersAccount, listAccountChanges } from './accountChange.repo';
import type { Flag } from './anomalyFlag';

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** "管理员“甲”于 2026-11-29 10:00 创建账号“乙”（复核人）" */
export function describeChange(c: AccountChange): string {
  const account = `账号“${c.displayName}”（${ROLE_LABELS[c.role]}）`;
  const who = `“${c.madeBy}”于 ${minute(c.at)} `;
  switch (c.kind) {
    case 'create':
      return `${who}创建${account}`;
    case 'enable':
      return `${who}重新启用${account}`;
    case 'role':
      return `${who}将账号“${c.displayName}”设为${ROLE_LABELS[c.role]}`;
    case 'password':
      return `${who}重置了${account}的密码`;
  }
}

const flag = (subject: string, reason: string): Flag => ({
  kind: 'account_change',
  subject,
  workerId: null,
  serial: null,
  institutionId: null,
  reason,
});

export async function accountChanges(db: Queryable): Promise<Flag[]> {
  const pending = (await listAccountChanges(db, { pendingOnly: true })).map((c) =>
    flag(`change/${c.id}`, `${describeChange(c)}，尚未经另一位系统管理员确认`),
  );
  const approvals = (await approvalsWhilePending(db)).map((a) =>
    flag(
      `approval/${a.batchId}/${a.id}`,
      `结算批次 ${a.batchNumber} 由“${a.displayName}”于 ${minute(a.reviewedAt)} 复核通过，` +
        `当时该账号的变更（${describeChange(a)}）尚未经另一位系统管理员确认`,
    ),
  );
  const confirmations = (await confirmationsByMakersAccount(db)).map((c) =>
    flag(
      `confirm/${c.confirmerId}/${c.makerId}`,
      `管理员“${c.confirmer}”的账号由“${c.maker}”所建或所改且未经第三人确认，` +
        `却确认了“${c.maker}”所做的 ${c.n} 项账号变更：可能是同一人操作两个账号`,
    ),
  );
  return [...pending, ...approvals, ...confirmations];
}
