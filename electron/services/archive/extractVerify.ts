import { createHash } from 'node:crypto';
import type { VerifyReason, VerifyResult } from '../../../shared/contract/schemas/voucher';
import type { Queryable } from '../../db/driver/types';
import { findExtract } from '../../db/repos/archive.repo';
import { decodeText } from '../qr/cose';
import { decodeExtractClaims, DIGEST_BYTES, EXTRACT_PREFIX, type ExtractClaims } from '../qr/extractClaims';
import { cleanScan, REASON_MESSAGES, type VerifySources } from '../voucher/verify';

const EXTRACT_MESSAGES: Partial<Record<VerifyReason, string>> = {
  valid: '档案摘要真实有效，内容未被改动',
  bad_signature: '签名无效：此档案摘要可能被篡改或伪造',
  unknown_key: '签名密钥未知：不是本局出具的档案摘要，或需要更新信任包',
  malformed: '二维码内容不完整或已损坏，请重新扫描',
};

export function digestOf(snapshot: string): string {
  return createHash('sha256').update(snapshot, 'utf8').digest('hex');
}

function result(reason: VerifyReason, claims: ExtractClaims | null, message?: string): VerifyResult {
  const { digest: _digest, ...summary } = claims ?? { digest: null };
  return {
    valid: reason === 'valid',
    kind: 'extract',
    reason,
    message: message ?? EXTRACT_MESSAGES[reason] ?? REASON_MESSAGES[reason],
    serial: claims?.number ?? null,
    voucher: null,
    extract: claims ? (summary as VerifyResult['extract']) : null,
  };
}

/**
 * An extract is authentic when its signature checks out; at the bureau it is also unchanged when
 * the digest in the QR matches the snapshot stored when it was printed (and that snapshot its own digest).
 */
export async function verifyExtractText(
  rawText: string,
  s: VerifySources,
  db: Queryable | null,
): Promise<VerifyResult> {
  const decoded = decodeText(cleanScan(rawText), [EXTRACT_PREFIX]);
  if (!decoded.ok) return result(decoded.reason, null);
  const key = await s.publicKey(decoded.kid);
  if (!key) return result('unknown_key', null);
  if (!decoded.check(key)) return result('bad_signature', null);
  const claims = decodeExtractClaims(decoded.claims);
  if (!claims) return result('malformed', null);
  if (db) {
    const stored = await findExtract(db, claims.number);
    if (!stored) return s.authoritative ? result('unknown_extract', claims) : result('valid', claims);
    const qrDigest = Buffer.from(claims.digest).toString('hex');
    if (digestOf(stored.snapshot) !== stored.digest || stored.digest.slice(0, DIGEST_BYTES * 2) !== qrDigest) {
      return result('altered', claims);
    }
  }
  return result('valid', claims);
}

export const isExtractText = (text: string) => cleanScan(text).startsWith(EXTRACT_PREFIX);
