import type { Artifact } from '../../shared/contract/schemas/keys';
import { isoNow } from '../core/clock';
import { auditDigest } from './audit/digest';
import type { AuditPersonResult, AuditRow, AuditVerifyResult } from '../../shared/contract/schemas/audit';
import type { Page } from '../../shared/contract/schemas/common';
import type { ChannelParsed } from '../../shared/contract/channels';
import { checkIdNumber } from '../../shared/domain/idNumber';
import { maskIdNumber, maskPhone } from '../../shared/domain/mask';
import { fullIdNumber, fullMobile, redactPersonal, type Fingerprint } from '../../shared/domain/redact';
import { listAudit, listAuditContaining, type ListedAuditRow } from '../db/repos/audit.repo';
import { verifyAuditChain } from './audit/chain';
import type { Ctx, JobCtx } from '../core/context';
import { AppError } from '../core/errors';

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/**
 * A stored row as it is shown. Rows written by versions before the audit log kept fingerprints hold
 * ID numbers, phones and birth dates in clear (the log is append-only: they stay so in the file);
 * they are shown as this version writes them, masked with the fingerprint beside.
 */
export function toAuditRow(r: ListedAuditRow, fp: Fingerprint): AuditRow {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    channel: r.channel,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: redactPersonal(parse(r.before_json), fp),
    after: redactPersonal(parse(r.after_json), fp),
  };
}

export { verifyAuditChain } from './audit/chain';

const NOT_A_NUMBER = '请输入完整的 18 位公民身份号码（或 15 位旧号码）或 11 位手机号码';

/** The typed number in every form the log may hold it: normalised, and a 15-digit one also as 18. */
function typedNumber(value: string): { kind: 'idNumber' | 'phone'; forms: string[]; masked: string } {
  const phone = fullMobile(value);
  if (phone) return { kind: 'phone', forms: [phone], masked: maskPhone(phone) };
  const id = fullIdNumber(value);
  if (!id) throw new AppError('VALIDATION', NOT_A_NUMBER, { fields: { value: NOT_A_NUMBER } });
  const checked = checkIdNumber(id, { allowUnlistedAddress: true });
  // A wrong number is still looked for: the log fingerprints wrong holder ID numbers typed at redemption.
  const canonical = checked.ok ? checked.idNumber : id;
  return { kind: 'idNumber', forms: [...new Set([canonical, id])], masked: maskIdNumber(canonical) };
}

export const auditHandlers = {
  'audit:list': async (ctx: Ctx, input: ChannelParsed<'audit:list'>): Promise<Page<AuditRow>> => {
    const { rows, total } = await listAudit(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    const items = rows.map((r) => toAuditRow(r, ctx.secrets.fingerprint));
    return { items, total, page: input.page, pageSize: input.pageSize };
  },
  'audit:verify': (ctx: Ctx, input: ChannelParsed<'audit:verify'>): Promise<AuditVerifyResult> =>
    verifyAuditChain(ctx.db, { secrets: ctx.secrets, witness: input.witness }),

  /**
   * 按号码核对: the rows that hold this number — by its keyed fingerprint, and in clear in rows
   * written by older versions. The check itself is audited, with the number masked and fingerprinted.
   */
  'audit:searchPerson': async (ctx: Ctx, input: ChannelParsed<'audit:searchPerson'>): Promise<AuditPersonResult> => {
    const typed = typedNumber(input.value);
    const fps = typed.forms.map((f) => ctx.secrets.fingerprint(f));
    const { rows, total } = await listAuditContaining(
      ctx.db,
      [...fps, ...typed.forms],
      input.pageSize,
      (input.page - 1) * input.pageSize,
    );
    // After the search, so that the check's own row is not among its results.
    await ctx.audit({ action: 'searchPerson', entity: 'auditLog', after: { [typed.kind]: typed.forms[0] } });
    return {
      items: rows.map((r) => toAuditRow(r, ctx.secrets.fingerprint)),
      total,
      page: input.page,
      pageSize: input.pageSize,
      kind: typed.kind,
      masked: typed.masked,
      fingerprint: fps[0]!,
    };
  },

  /** 审计摘要: the printable page that takes a signed head off the machine (the CLI's `audit digest`). */
  'audit:digest': async (ctx: JobCtx): Promise<Artifact> => {
    const { pdf } = await auditDigest(ctx);
    const day = isoNow(ctx.clock).slice(0, 10).replaceAll('-', '');
    return { name: `审计日志摘要-${day}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  },
};
