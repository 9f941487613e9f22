// What a reviewer was shown of a settlement batch's flags, as one short text: the count alone let
// one flag go and another come between the question and the click (the new flag unseen, the
// approval accepted). The digest covers which flags they are (kind and subject, as the scan keys
// them), so any change refuses the approval; a flag whose reason was only reworded keeps its digest.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/driver/types';
import { anomalyKeys } from '../../db/repos/anomalyList';

export async function batchFlagsDigest(db: Queryable, settlementId: number): Promise<string> {
  const keys = (await anomalyKeys(db, { settlementId })).sort();
  return createHash('sha256').update(JSON.stringify(keys)).digest('hex').slice(0, 32);
}
