// What the demo's events share: the database, the clock and calendar, the plan and the staff.
import type { CliRuntime } from '../../runtime';
import type { Rng } from './people';
import type { DemoPlan } from './plan';
import type { Staff } from './setup';
import type { Calendar, DemoClock } from './timeline';

export interface World {
  cli: CliRuntime;
  cal: Calendar;
  clock: DemoClock;
  rng: Rng;
  plan: DemoPlan;
  staff: Staff;
  institutionIds: Map<string, number>;
  planIds: Map<string, number>;
  /** Running numbers for certificates, payment vouchers and recoveries. */
  seq: { certificate: number; payment: number; recovery: number };
  /**
   * The batch returned once (and the voucher to take out), whether the recovery was recorded, and the
   * batches each settlement round prepared (a review takes its own round's, not whatever is waiting:
   * the last round can fall on the morning the round before it is reviewed, and must stay unreviewed).
   */
  state: { returned: { batchId: number; voucherId: number }; recovered: boolean; prepared: Map<number, number[]> };
}

/** Seconds one step at a desk takes: timestamps a few seconds apart, as people work. */
export const STEP = { register: 15_000, issue: 10_000, redeem: 10_000, sign: 3_000, record: 5_000 };

/** The fund each plan draws on, so that 资金台账 has more than one line. */
export function fundFor(plan: string): string {
  if (plan === 'eco_guard') return 'local_fiscal';
  if (plan === 'elderly_care') return 'unemployment_insurance';
  return 'employment_subsidy';
}
