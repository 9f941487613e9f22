import type { AnomalyKind } from '../../../shared/contract/schemas/stats';

/** One thing a reviewer should look at: what, about whom, and why. */
export interface Flag {
  kind: AnomalyKind;
  subject: string;
  workerId: number | null;
  serial: string | null;
  institutionId: number | null;
  reason: string;
}
