// The printable daily digest: a witness taken now, rendered with what the last day wrote.
import { localDateTime } from '../../../shared/domain/idNumber';
import type { JobCtx } from '../../core/context';
import { auditCountsSince } from '../../db/repos/audit.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { recentWitnesses } from '../../db/repos/witness.repo';
import { renderDigestPdf } from '../../pdf/digest.pdf';
import { signHead, witnessText, WITNESS_KIND_LABELS, type WitnessEnvelope } from './witness';

const DAY = 86_400_000;

/** Signs the head (and records the digest) in `write`, then renders the page outside it. */
export async function auditDigest(
  ctx: Pick<JobCtx, 'db' | 'secrets' | 'write'>,
): Promise<{ pdf: Buffer; envelope: WitnessEnvelope; row: number }> {
  const { envelope, head } = await ctx.write(async (w) => {
    const signed = await signHead(w, 'digest');
    await w.audit({ action: 'digest', entity: 'auditLog', after: { row: signed.head.row } });
    return signed;
  });
  const env = ctx;
  const s = await getSettings(env.db);
  const since = new Date(Date.parse(head.at) - DAY).toISOString();
  const pdf = await renderDigestPdf({
    bureau: s.bureauName,
    jurisdiction: s.jurisdictionName,
    generatedAt: localDateTime(head.at),
    install: head.install,
    kid: envelope.kid,
    publicKeyPem: env.secrets.witnessPublicKeyPem,
    row: head.row,
    hash: head.hash,
    keyedFrom: head.keyedFrom,
    signature: envelope.signature,
    witnessText: witnessText(envelope),
    counts: await auditCountsSince(env.db, since),
    witnesses: (await recentWitnesses(env.db, 8)).map((w) => ({
      at: localDateTime(w.at),
      kind: WITNESS_KIND_LABELS[w.kind] ?? w.kind,
      row: w.row_id,
      hash: w.hash,
    })),
  });
  return { pdf, envelope, row: head.row };
}
