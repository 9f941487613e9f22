// 状态更新包: the bureau tells institution installs which vouchers were revoked or settled, signed
// with its own key, so offline verification refuses revoked vouchers too.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { StatusImportResult } from '../../../shared/contract/schemas/exchange';
import { prep } from '../../db/prepared';
import { upsertRemoteStatus } from '../../db/repos/exchange.repo';
import { isoNow } from '../../core/clock';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { exportClaims } from './claims.export';
import { importClaims } from './claims.import';
import { requireMode } from './institution.service';
import { signFile, openSignedFile } from './signedFile';
import { institutionSources } from '../voucher/sources';

export const STATUS_FORMAT = 'longling-status-update';

interface StatusUpdate {
  createdAt: string;
  entries: { serial: string; status: 'revoked' | 'settled' | 'expired'; reason: string | null; at: string }[];
}

export function exportStatus(ctx: Ctx): { text: string; entries: number } {
  requireMode(ctx.db, 'bureau');
  const entries = prep(
    ctx.db,
    "SELECT serial, status, revoke_reason AS reason, status_at AS at FROM voucher WHERE status IN ('revoked', 'settled', 'expired') ORDER BY id",
  ).all() as StatusUpdate['entries'];
  return {
    text: signFile(
      STATUS_FORMAT,
      { createdAt: isoNow(ctx.clock), entries } satisfies StatusUpdate,
      ctx.keyring.signer(ctx.db),
    ),
    entries: entries.length,
  };
}

export function importStatus(ctx: Ctx, text: string): StatusImportResult {
  requireMode(ctx.db, 'institution');
  const { payload } = openSignedFile<StatusUpdate>(text, STATUS_FORMAT, '状态更新包', (kid) =>
    institutionSources(ctx).publicKey(kid),
  );
  if (!Array.isArray(payload.entries)) throw new AppError('VALIDATION', '状态更新包内容已损坏');
  for (const e of payload.entries) upsertRemoteStatus(ctx.db, e);
  const result = {
    entries: payload.entries.length,
    revoked: payload.entries.filter((e) => e.status === 'revoked').length,
    settled: payload.entries.filter((e) => e.status === 'settled').length,
  };
  ctx.audit({ action: 'importStatus', entity: 'statusUpdate', after: result });
  return result;
}

export const exchangeHandlers = {
  'claims:export': (ctx: Ctx) => exportClaims(ctx),
  'claims:import': (ctx: Ctx, input: ChannelParsed<'claims:import'>) => importClaims(ctx, input.text),
  'status:export': (ctx: Ctx) => exportStatus(ctx),
  'status:import': (ctx: Ctx, input: ChannelParsed<'status:import'>) => importStatus(ctx, input.text),
};
