// 状态更新包: what an institution's offline install needs from the bureau, signed with the bureau's
// key: which vouchers were revoked, settled or expired; which holds (暂扣) the bureau released; the
// holder verifiers of the vouchers this institution could redeem (and of no others); and a witness
// of the bureau's audit chain, which leaves the bureau's machine this way.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { StatusExportResult, StatusImportResult } from '../../../shared/contract/schemas/exchange';
import { normalizeIdNumber } from '../../../shared/domain/idNumber';
import { findInstitutionByCode } from '../../db/repos/catalog.repo';
import {
  putVerifier,
  getVerifier,
  redeemableBy,
  releaseHold,
  replaceVerifiers,
  activeHold,
  releasedHolds,
} from '../../db/repos/holder.repo';
import { setting, statusEntries, upsertRemoteStatus } from '../../db/repos/exchange.repo';
import { insertReceivedWitness } from '../../db/repos/witness.repo';
import { isoNow } from '../../core/clock';
import type { Ctx, JobCtx, WriteCtx } from '../../core/context';
import { AppError } from '../../core/errors';
import { parseWitness, signHead, witnessText } from '../audit/witness';
import { makeVerifier } from '../voucher/holder';
import { today } from '../voucher/issue';
import { institutionSources } from '../voucher/sources';
import { exportClaims } from './claims.export';
import { importClaims } from './claims.import';
import { requireMode } from './institution.service';
import { openSignedFile, signFile } from './signedFile';

export const STATUS_FORMAT = 'longling-status-update';

interface StatusUpdate {
  createdAt: string;
  /** The institution the file was made for: its verifiers are in it, so no other may import it. */
  institutionCode?: string;
  entries: { serial: string; status: 'revoked' | 'settled' | 'expired'; reason: string | null; at: string }[];
  /** scrypt verifiers of the holders of the vouchers this institution could redeem. */
  holders?: { serial: string; kdf: string; salt: string; hash: string }[];
  /** Holds released at the bureau, with the time of release. */
  releases?: { serial: string; at: string }[];
  /** The bureau's signed audit head (a witness file's text). */
  witness?: string;
}

const b64 = (b: Buffer) => b.toString('base64');

/**
 * Verifiers are made with scrypt (tens of milliseconds each) outside any transaction, on libuv's
 * thread pool, and cached at the bureau under a fingerprint of the ID number they were made from,
 * so an export after the first only makes those of new vouchers (or corrected ID numbers).
 */
async function holderVerifiers(ctx: Ctx, institutionId: number) {
  const due = await redeemableBy(ctx.db, institutionId, today(ctx));
  const fresh: Parameters<typeof putVerifier>[1][] = [];
  const out: NonNullable<StatusUpdate['holders']> = [];
  for (const { serial, idNumber } of due) {
    const fp = ctx.secrets.fingerprint(normalizeIdNumber(idNumber));
    let v = await getVerifier(ctx.db, serial);
    if (!v || v.id_fp !== fp) {
      v = { serial, id_fp: fp, ...(await makeVerifier(idNumber)) };
      fresh.push(v);
    }
    out.push({ serial, kdf: v.kdf, salt: b64(v.salt), hash: b64(v.hash) });
  }
  return { out, fresh };
}

export async function exportStatus(ctx: JobCtx, institutionCode: string): Promise<StatusExportResult> {
  await requireMode(ctx.db, 'bureau');
  const inst = await findInstitutionByCode(ctx.db, institutionCode);
  if (!inst) {
    const message = `培训机构代码 ${institutionCode} 不存在`;
    throw new AppError('VALIDATION', message, { fields: { institutionCode: message } });
  }
  // The verifiers (scrypt) and the file's signature are made outside the write.
  const { out: holders, fresh } = await holderVerifiers(ctx, inst.id);
  const signer = await ctx.keyring.signer(ctx.db, 'status');
  const payload = await ctx.write(async (w): Promise<StatusUpdate> => {
    for (const v of fresh) await putVerifier(w.db, v);
    const entries = await statusEntries(w.db);
    const releases = await releasedHolds(w.db);
    await w.audit({
      action: 'exportStatus',
      entity: 'statusUpdate',
      after: { institution: inst.code, entries: entries.length, holders: holders.length },
    });
    // Signed last, so the head it names includes the row that records this export.
    const { envelope } = await signHead(w, 'status');
    return {
      createdAt: isoNow(w.clock),
      institutionCode: inst.code,
      entries,
      holders,
      releases,
      witness: witnessText(envelope),
    };
  });
  return {
    text: signFile(STATUS_FORMAT, payload, signer),
    entries: payload.entries.length,
    holders: holders.length,
    institutionCode: inst.code,
  };
}

const SERIAL = /^\d{6}-\d{4}-\d{6}-[\dX]$/;

export async function importStatus(ctx: WriteCtx, text: string): Promise<StatusImportResult> {
  await requireMode(ctx.db, 'institution');
  const { payload } = await openSignedFile<StatusUpdate>(text, STATUS_FORMAT, '状态更新包', async (kid) =>
    (await institutionSources(ctx)).publicKey(kid),
  );
  if (!payload || !Array.isArray(payload.entries)) throw new AppError('VALIDATION', '状态更新包内容已损坏');
  const own = await setting(ctx.db, 'institutionCode');
  if (payload.institutionCode !== undefined && payload.institutionCode !== own) {
    throw new AppError(
      'RULE',
      `此状态更新包是为机构 ${payload.institutionCode} 制作的，不是本机构（${own ?? '未设置'}）的，未导入`,
    );
  }
  for (const e of payload.entries) await upsertRemoteStatus(ctx.db, e);
  let holders = 0;
  if (Array.isArray(payload.holders)) {
    const rows = payload.holders
      .filter((h) => typeof h?.serial === 'string' && SERIAL.test(h.serial))
      .map((h) => ({
        serial: h.serial,
        id_fp: null,
        kdf: String(h.kdf),
        salt: Buffer.from(String(h.salt), 'base64'),
        hash: Buffer.from(String(h.hash), 'base64'),
      }))
      .filter((h) => h.salt.length === 16 && h.hash.length === 32 && h.kdf.startsWith('scrypt:'));
    await replaceVerifiers(ctx.db, rows);
    holders = rows.length;
  }
  let released = 0;
  for (const r of Array.isArray(payload.releases) ? payload.releases : []) {
    const hold = typeof r?.serial === 'string' ? await activeHold(ctx.db, r.serial) : undefined;
    if (hold && typeof r.at === 'string' && r.at >= hold.held_at) {
      if (await releaseHold(ctx.db, hold.id, isoNow(ctx.clock), null, '人社局已核实持券人身份并解除暂扣')) released++;
    }
  }
  let witness = false;
  if (typeof payload.witness === 'string') {
    const { head, envelope } = parseWitness(payload.witness);
    witness = await insertReceivedWitness(ctx.db, {
      install_id: head.install,
      row_id: head.row,
      hash: head.hash,
      at: head.at,
      kid: envelope.kid,
      envelope: payload.witness,
      received_at: isoNow(ctx.clock),
    });
  }
  const result: StatusImportResult = {
    entries: payload.entries.length,
    revoked: payload.entries.filter((e) => e.status === 'revoked').length,
    settled: payload.entries.filter((e) => e.status === 'settled').length,
    holders,
    released,
    witness,
  };
  await ctx.audit({ action: 'importStatus', entity: 'statusUpdate', after: result });
  return result;
}

export const exchangeHandlers = {
  'claims:export': (ctx: Ctx) => exportClaims(ctx),
  'claims:import': (ctx: WriteCtx, input: ChannelParsed<'claims:import'>) => importClaims(ctx, input.text),
  'status:export': (ctx: JobCtx, input: ChannelParsed<'status:export'>) => exportStatus(ctx, input.institutionCode),
  'status:import': (ctx: WriteCtx, input: ChannelParsed<'status:import'>) => importStatus(ctx, input.text),
};
