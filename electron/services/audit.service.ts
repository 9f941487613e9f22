import type { AuditRow, AuditVerifyResult } from '../../shared/contract/schemas/audit';
import type { Page } from '../../shared/contract/schemas/common';
import type { ChannelParsed } from '../../shared/contract/channels';
import { listAudit, type AuditDbRow } from '../db/repos/audit.repo';
import { verifyAuditChain } from './audit/chain';
import type { Ctx } from '../core/context';

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export function toAuditRow(r: AuditDbRow): AuditRow {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    username: r.username,
    channel: r.channel,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: parse(r.before_json),
    after: parse(r.after_json),
  };
}

export { verifyAuditChain } from './audit/chain';

export const auditHandlers = {
  'audit:list': (ctx: Ctx, input: ChannelParsed<'audit:list'>): Page<AuditRow> => {
    const { rows, total } = listAudit(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    return { items: rows.map(toAuditRow), total, page: input.page, pageSize: input.pageSize };
  },
  'audit:verify': (ctx: Ctx, input: ChannelParsed<'audit:verify'>): AuditVerifyResult =>
    verifyAuditChain(ctx.db, { secrets: ctx.secrets, witness: input.witness }),
};
