import type { AuditRow, AuditVerifyResult } from '../../shared/contract/schemas/audit';
import type { Page } from '../../shared/contract/schemas/common';
import type { ChannelParsed } from '../../shared/contract/channels';
import type { Db } from '../db/connection';
import { auditHead, GENESIS_HASH, iterateAudit, listAudit, rowHash, type AuditDbRow } from '../db/repos/audit.repo';
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

/** Walks the chain from the first row; the first row that does not fit is reported. */
export function verifyAuditChain(db: Db): AuditVerifyResult {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let rows = 0;
  const bad = (firstBadRow: number, reason: string): AuditVerifyResult => ({ ok: false, rows, firstBadRow, reason });
  for (const r of iterateAudit(db)) {
    if (r.id !== expectedId) {
      return bad(expectedId, `第 ${expectedId} 行缺失（被删除），下一行为第 ${r.id} 行`);
    }
    if (r.prev_hash !== prev) return bad(r.id, `第 ${r.id} 行记录的前一行哈希不符：前一行被修改或删除`);
    if (rowHash(prev, r) !== r.hash) return bad(r.id, `第 ${r.id} 行的内容与其哈希不符：该行被修改`);
    prev = r.hash;
    expectedId++;
    rows++;
  }
  const head = auditHead(db);
  const lastId = expectedId - 1;
  if (head && (head.last_id !== lastId || head.hash !== prev)) {
    return head.last_id > lastId
      ? bad(lastId + 1, `第 ${lastId + 1} 行起的末尾记录缺失（被删除），链尾应为第 ${head.last_id} 行`)
      : bad(head.last_id + 1, `链尾标记与日志不符：第 ${head.last_id + 1} 行之后的记录可疑`);
  }
  if (!head && rows > 0) return bad(1, '链尾标记缺失');
  return { ok: true, rows };
}

export const auditHandlers = {
  'audit:list': (ctx: Ctx, input: ChannelParsed<'audit:list'>): Page<AuditRow> => {
    const { rows, total } = listAudit(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    return { items: rows.map(toAuditRow), total, page: input.page, pageSize: input.pageSize };
  },
  'audit:verify': (ctx: Ctx): AuditVerifyResult => verifyAuditChain(ctx.db),
};
