// The demo's months, played: the bureau's first day, then every visit to a window, a class or a
// review in time order, with the app's own housekeeping (expiry, anomaly rules, the daily audit
// witness) each morning, up to today.
import { runHousekeeping } from '../../../services/housekeeping';
import type { CliRuntime } from '../../runtime';
import { Rng } from './people';
import { buildPlan } from './plan';
import { resubmitReturned, reviewDay, settlementRound, windowDay } from './office';
import { RECOVERY_ROUND, RETURNED_ROUND, ROUNDS } from './scenario';
import { setUp, type Staff } from './setup';
import { Timeline, type Calendar, type DemoClock } from './timeline';
import { scheduleTerm } from './training';
import type { World } from './world';

export interface StoryOptions {
  workers: number;
  seed: number;
  /** Events after this moment have not happened yet. */
  until: Date;
}

export async function playStory(cli: CliRuntime, clock: DemoClock, cal: Calendar, o: StoryOptions): Promise<Staff> {
  const { staff, institutionIds } = await setUp(cli);
  const planIds = new Map((await cli.call('catalog:plans', {})).map((p) => [p.code, p.id]));
  const minHours = new Map((await cli.call('catalog:levelHours', {})).map((h) => [h.level as string, h.minHours]));
  const rng = new Rng(o.seed);
  const w: World = {
    cli,
    cal,
    clock,
    rng,
    plan: buildPlan(o.workers, rng, cal, minHours),
    staff,
    institutionIds,
    planIds,
    seq: { certificate: 0, payment: 0, recovery: 0 },
    state: { returned: { batchId: 0, voucherId: 0 }, recovered: false, prepared: new Map() },
  };
  const timeline = new Timeline();
  const add = (at: Date, run: () => Promise<void>) => timeline.add(at, run);
  // A round is worked by one clerk after the window's registrations and vouchers of that day, in
  // the same sitting (their screen would lock between two sittings).
  const rounds = new Map(ROUNDS.map((r, i) => [cal.workdayBefore(r), i]));
  for (const day of w.plan.officeDays)
    for (const c of [0, 1])
      add(cal.at(day, 9), async () => {
        await windowDay(w, day, c);
        const round = rounds.get(day);
        if (round !== undefined && round % 2 === c) await settlementRound(w, day, staff.clerks[c]!, round);
      });
  for (const [i, r] of ROUNDS.entries()) {
    const day = cal.workdayBefore(r);
    const clerk = staff.clerks[i % 2]!;
    // The last round's batches are still waiting for their review today.
    if (i === ROUNDS.length - 1) continue;
    const review = cal.workday(day + 3);
    add(cal.at(review, 10), () =>
      reviewDay(w, staff.reviewers[i % 2]!, {
        round: i,
        returnOne: r === RETURNED_ROUND,
        recovery: r >= RECOVERY_ROUND,
      }),
    );
    if (r === RETURNED_ROUND) {
      // The preparer takes the questioned voucher out the next working day; the other reviewer approves.
      const resubmit = cal.workday(review + 1);
      add(cal.at(resubmit, 9), () => resubmitReturned(w, clerk));
      const again = cal.workday(resubmit + 1);
      add(cal.at(again, 10), () =>
        reviewDay(w, staff.reviewers[(i + 1) % 2]!, { round: i, returnOne: false, recovery: false }),
      );
    }
  }
  for (const term of w.plan.terms) scheduleTerm(w, add, term);
  // The app runs its housekeeping when it starts in the morning (and hourly): expiry, anomalies, witness.
  await timeline.run(clock, o.until, () => runHousekeeping(cli.env));
  clock.set(o.until);
  await runHousekeeping(cli.env);
  return staff;
}
