// Offline verification of a scanned voucher: the signature against a known public key, then
// what the local records know (revoked, used, expired, held). The holder's ID number is checked
// after it, by holderCheck.ts, against what the install knows of the holder (VerifySources.holder).
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { VerifyReason, VerifyResult, VoucherHold, VoucherStatus } from '../../../shared/contract/schemas/voucher';
import { normalizeIdNumber } from '../../../shared/domain/idNumber';
import { decodeText } from '../qr/cose';
import { decodeVoucherClaims, holderHash, VOUCHER_PREFIX, type VoucherClaims } from '../qr/voucherClaims';
import { heldMessage, type HolderCheck } from './holder';

export const EXTRACT_PREFIX = 'LLE1:';

export interface VoucherState {
  status: VoucherStatus;
  revokeReason: string | null;
  /** Who redeemed it and when, for "already used" verdicts. */
  redeemedBy?: string | null;
  redeemedAt?: string | null;
}

export interface VerifySources {
  publicKey(kid: string): Promise<KeyObject | null>;
  /** Null where the verifier keeps no record of the serial (an offline install that never saw it). */
  state(serial: string): Promise<VoucherState | null>;
  /** Whether a missing record means the voucher is unknown (bureau) or just not seen yet (institution). */
  authoritative: boolean;
  /** Whether a typed ID number is the holder's: the worker's record (bureau) or a verifier (institution). */
  holder(claims: VoucherClaims, idNumber: string): Promise<HolderCheck>;
  /** The voucher's hold (暂扣) after too many wrong ID numbers, if any. */
  hold(serial: string): Promise<VoucherHold | null>;
  names?: {
    plan(id: number): Promise<string | null>;
    occupation(code: string): Promise<string | null>;
    institution(id: number): Promise<string | null>;
  };
  today: string;
}

export const REASON_MESSAGES: Record<VerifyReason, string> = {
  valid: '有效的培训券',
  not_ours: '不是本系统的培训券二维码',
  malformed: '二维码内容不完整或已损坏，请重新扫描或输入备用码',
  bad_signature: '签名无效：此券可能被篡改或伪造',
  unknown_key: '签名密钥未知：不是本局签发的券，或需要更新信任包',
  expired: '培训券已过期',
  revoked: '培训券已作废',
  already_used: '培训券已被核销，不能重复使用',
  holder_mismatch: '身份证号与持券人不符',
  holder_unverifiable: '本机没有此券的持券人核验数据，不能核对身份：请导入人社局最新的状态更新包后再核验',
  held: '此券因持券人身份证号多次输错已暂扣，须由人社局审核人员核实后解除',
  serial_only: '仅凭券号不能核验或核销：请扫描券面二维码，或输入券面上的备用码',
  unknown_voucher: '券号不在本系统记录中',
  holder_required: '请先输入或扫描持券人身份证号核对身份',
  other_institution: '此券为定向券，须在指定的培训机构使用',
  not_approved: '本机构未获准开展该职业（工种）等级的培训',
  institution_suspended: '本机构培训资格已暂停，不能核销',
  rules: '持券人已不符合补贴条件',
  unknown_extract: '档案摘要编号不在本系统记录中',
  altered: '档案摘要内容与签发时不符',
};

export async function result(
  reason: VerifyReason,
  claims: VoucherClaims | null,
  s: VerifySources,
  state: VoucherState | null,
  message?: string,
): Promise<VerifyResult> {
  return {
    valid: reason === 'valid',
    kind: claims ? 'voucher' : 'unknown',
    reason,
    message: message ?? REASON_MESSAGES[reason],
    serial: claims?.serial ?? null,
    voucher: claims && {
      holderName: claims.holderName,
      idLast4: claims.idLast4,
      planId: claims.planId,
      planName: (await s.names?.plan(claims.planId)) ?? null,
      occupationCode: claims.occupation,
      occupationName: (await s.names?.occupation(claims.occupation)) ?? null,
      level: claims.level,
      amountFen: claims.amountFen,
      issueDate: claims.issueDate,
      expiryDate: claims.expiryDate,
      institutionId: claims.institutionId,
      institutionName:
        claims.institutionId === null ? null : ((await s.names?.institution(claims.institutionId)) ?? null),
      status: state?.status ?? null,
    },
  };
}

/** Binding 0 only: the legacy salted hash on the QR itself (binding 1 cannot be checked without the secret). */
export function legacyHolderMatches(claims: VoucherClaims, idNumber: string): boolean {
  if (claims.binding.kind !== 'salted') return false;
  const h = holderHash(normalizeIdNumber(idNumber), claims.binding.salt);
  return timingSafeEqual(Buffer.from(h), Buffer.from(claims.idHash));
}

/** Scanners may add a trailing newline or surrounding spaces; the code itself never contains them at the ends. */
export function cleanScan(text: string): string {
  return text.replace(/^[\s\uFEFF]+|[\r\n]+$/g, '').replace(/\s+$/, '');
}

export interface Inspected {
  verdict: VerifyResult;
  /** The signed claims, when the signature checked out (also for refusals such as revoked). */
  claims: VoucherClaims | null;
}

/** Everything but the holder: the signature, then the records. */
export async function inspectVoucherText(rawText: string, s: VerifySources): Promise<Inspected> {
  const none = async (reason: VerifyReason): Promise<Inspected> => ({
    verdict: await result(reason, null, s, null),
    claims: null,
  });
  const text = cleanScan(rawText);
  const decoded = decodeText(text, [VOUCHER_PREFIX]);
  if (!decoded.ok) return none(decoded.reason);
  const key = await s.publicKey(decoded.kid);
  if (!key) return none('unknown_key');
  if (!decoded.check(key)) return none('bad_signature');
  const claims = decodeVoucherClaims(decoded.claims);
  if (!claims) return none('malformed');
  return { verdict: await recordsVerdict(claims, s), claims };
}

async function recordsVerdict(claims: VoucherClaims, s: VerifySources): Promise<VerifyResult> {
  const state = await s.state(claims.serial);
  if (!state && s.authoritative) return result('unknown_voucher', claims, s, null);
  if (state?.status === 'revoked')
    return result('revoked', claims, s, state, `培训券已作废：${state.revokeReason ?? ''}`);
  if (state && state.status !== 'issued' && state.status !== 'expired') {
    const by = state.redeemedBy ? `，由 ${state.redeemedBy} 于 ${state.redeemedAt ?? ''} 核销` : '';
    return result('already_used', claims, s, state, `培训券已被核销${by}，不能重复使用`);
  }
  if (state?.status === 'expired' || claims.expiryDate < s.today) {
    return result('expired', claims, s, state, `培训券已过期（有效期至 ${claims.expiryDate}）`);
  }
  const hold = await s.hold(claims.serial);
  if (hold) return result('held', claims, s, state, heldMessage(hold));
  return result('valid', claims, s, state);
}
