// The verdict with the holder: the signature and the records first (verify.ts), then whether the
// ID number typed at the counter is the holder's (VerifySources.holder). A wrong one is recorded
// and audited in the caller's transaction, and five within a day hold the voucher, so that
// neither 验券 nor 核销 can be used to try ID numbers until one fits.
import type { VerifyResult } from '../../../shared/contract/schemas/voucher';
import { findVoucherIdBySerial } from '../../db/repos/voucher.repo';
import type { WriteCtx } from '../../core/context';
import { invalidIdMessage, mismatchMessage, recordWrongHolder } from './holder';
import { inspectVoucherText, result, type Inspected, type VerifySources } from './verify';

export interface HolderCheckOptions {
  /** The institution on whose behalf the check is made (an operator's own), for the record. */
  institutionCode: string | null;
}

/**
 * Adds the holder to an inspected voucher: when an ID number is given and the voucher is otherwise
 * usable. Must run inside a write transaction: a wrong ID number is written even though the answer
 * is a refusal.
 */
export async function checkHolder(
  ctx: WriteCtx,
  { verdict, claims }: Inspected,
  s: VerifySources,
  idNumber: string | undefined,
  opts: HolderCheckOptions,
): Promise<VerifyResult> {
  const typed = idNumber?.trim() ?? '';
  if (!claims || !verdict.valid || typed === '') return verdict;
  const state = verdict.voucher?.status ? { status: verdict.voucher.status, revokeReason: null } : null;
  const invalid = invalidIdMessage(ctx, typed);
  if (invalid) return result('holder_mismatch', claims, s, state, invalid);
  const check = await s.holder(claims, typed);
  if (check === 'match') return verdict;
  if (check === 'unavailable') return result('holder_unverifiable', claims, s, state);
  const outcome = await recordWrongHolder(ctx, {
    serial: claims.serial,
    voucherId: s.authoritative ? ((await findVoucherIdBySerial(ctx.db, claims.serial)) ?? null) : null,
    idNumber: typed,
    institutionCode: opts.institutionCode,
  });
  return result('holder_mismatch', claims, s, state, mismatchMessage(claims.holderName, claims.idLast4, outcome));
}

export async function verifyWithHolder(
  ctx: WriteCtx,
  text: string,
  s: VerifySources,
  idNumber: string | undefined,
  opts: HolderCheckOptions,
): Promise<VerifyResult> {
  return checkHolder(ctx, await inspectVoucherText(text, s), s, idNumber, opts);
}
