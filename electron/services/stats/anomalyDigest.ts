// What a reviewer was shown of a settlement batch's flags, as one short text: the count alone let
// one flag go and another come between the question and the click (the new flag unseen, the
// approval accepted). The digest covers which flags they are and what each says (a guessing flag's
// count of wrong numbers grows in its reason), so any change refuses the approval. The count comes
// from the same reading, so that the two cannot disagree; so do the kinds the approval records.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/driver/types';
import { anomalyKeys } from '../../db/repos/anomalyList';

export async function batchFlags(
  db: Queryable,
  settlementId: number,
): Promise<{ digest: string; count: number; byKind: Record<string, number> }> {
  const keys = (await anomalyKeys(db, { settlementId })).sort();
  // Each key is JSON [kind, subject, reason]: the kinds counted from the same rows (the kinds present only).
  const byKind: Record<string, number> = {};
  for (const k of keys) {
    const kind = (JSON.parse(k) as [string])[0];
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return {
    digest: createHash('sha256').update(JSON.stringify(keys)).digest('hex').slice(0, 32),
    count: keys.length,
    byKind,
  };
}
