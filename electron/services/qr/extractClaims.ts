// What an archive extract's QR certifies: its number, whose archive, when, how many records of
// each kind, and a digest of the whole printed content.
import type { ExtractSummary } from '../../../shared/contract/schemas/voucher';

export const EXTRACT_PREFIX = 'LLE1:';
export const DIGEST_BYTES = 16;

const K = { number: 1, holder: 2, last4: 3, date: 4, digest: 5, counts: 6 } as const;

export interface ExtractClaims extends ExtractSummary {
  digest: Uint8Array;
}

export function encodeExtractClaims(c: ExtractClaims): Map<number, unknown> {
  return new Map<number, unknown>([
    [K.number, c.number],
    [K.holder, c.holderName],
    [K.last4, c.idLast4],
    [K.date, Number(c.generatedOn.replaceAll('-', ''))],
    [K.digest, Buffer.from(c.digest)],
    [K.counts, [c.trainings, c.certificates, c.subsidies, c.honours]],
  ]);
}

export function decodeExtractClaims(m: Map<number, unknown>): ExtractClaims | null {
  const number = m.get(K.number);
  const holder = m.get(K.holder);
  const last4 = m.get(K.last4);
  const date = m.get(K.date);
  const digest = m.get(K.digest);
  const counts = m.get(K.counts);
  if (typeof number !== 'string' || number.length > 40 || typeof holder !== 'string' || typeof last4 !== 'string')
    return null;
  if (!Number.isInteger(date) || (date as number) < 19000101 || (date as number) > 29991231) return null;
  if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_BYTES) return null;
  if (!Array.isArray(counts) || counts.length !== 4 || !counts.every((n) => Number.isInteger(n) && n >= 0)) return null;
  const d = String(date);
  const [trainings, certificates, subsidies, honours] = counts as number[];
  return {
    number,
    holderName: holder,
    idLast4: last4,
    generatedOn: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    digest,
    trainings: trainings!,
    certificates: certificates!,
    subsidies: subsidies!,
    honours: honours!,
  };
}
