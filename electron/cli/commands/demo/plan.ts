// Who does what when: each synthetic worker's story (trained in a term, or a voucher left unused,
// expired or revoked, or only registered), decided up front from the seed so that the events can
// then simply be played in time order.
import type { TargetGroupCode } from '../../../../shared/catalog/workerOptions';
import type { Calendar } from './timeline';
import { People, type Person, type Rng } from './people';
import {
  CERTIFICATE_DELAY,
  CLASS_DAY,
  INSTITUTIONS,
  ROUNDS,
  SPAN_DAYS,
  TERMS,
  termCount,
  type ClassSpec,
  type TermSpec,
} from './scenario';

export interface DemoWorker {
  person: Person;
  /** The day a clerk registers them at the window, and which of the two clerks. */
  registerDay: number;
  clerk: number;
  workerId?: number;
  history: { training: boolean; certificate: boolean };
}

export interface IssuedRef {
  id: number;
  serial: string;
  qrText: string;
}

export interface Seat {
  worker: DemoWorker;
  cls: PlannedClass;
  issueDay: number;
  clerk: number;
  designated: boolean;
  /** The class day (0-based) they miss, which puts them under 80 %: they fail the assessment. */
  absentDay: number | null;
  /** Passes the skill assessment after the course (only if they passed the course). */
  certified: boolean;
  voucher?: IssuedRef;
  /** The assessment's result, once recorded. */
  passed?: boolean;
  employmentRound?: number;
  honourRound?: number;
}

export interface PlannedClass {
  spec: ClassSpec;
  term: Term;
  index: number;
  seats: Seat[];
  /** Planned hours: the level's 最低学时 from the catalogue. */
  hours: number;
  /** Class days of 10 hours, enough for about 85 % of the planned hours. */
  days: number;
  uid?: string;
}

export interface Term {
  spec: TermSpec;
  classes: PlannedClass[];
  issueDays: [number, number];
  lastDay: number;
  /** When the assessment body's certificates arrive and the operator records them. */
  certDay: number;
}

export type LooseFate = 'unused' | 'expired' | 'revoked' | 'none';

export interface LooseVoucher {
  worker: DemoWorker;
  fate: LooseFate;
  spec: ClassSpec;
  institution: string;
  designated: boolean;
  voucher?: IssuedRef;
  revoked?: boolean;
}

export interface DemoPlan {
  terms: Term[];
  loose: LooseVoucher[];
  workers: DemoWorker[];
  officeDays: number[];
}

// One worker in twenty of each kind, in an order that gives a few workers every kind at least once.
const CYCLE = 'TUERTNTTUTETTNTTTNTT';
const FATES: Record<string, 'trainee' | LooseFate> = {
  T: 'trainee',
  U: 'unused',
  E: 'expired',
  R: 'revoked',
  N: 'none',
};

const levelOf = (s: ClassSpec) => `${s.occupation}/${s.level}`;

/** `minHours`: each level's 最低学时 from the catalogue (catalog:levelHours), which classes plan for. */
export function buildPlan(workers: number, rng: Rng, cal: Calendar, minHours: Map<string, number>): DemoPlan {
  const people = new People(rng);
  const terms: Term[] = TERMS.slice(0, termCount(workers))
    .sort((a, b) => a.day - b.day)
    .map((spec) => {
      const term: Term = {
        spec,
        classes: [],
        issueDays: [cal.workday(spec.day - 12), cal.workday(spec.day - 7)],
        lastDay: 0,
        certDay: 0,
      };
      term.classes = spec.classes.map((s, index) => {
        const hours = minHours.get(s.level) ?? 40;
        const days = Math.max(1, Math.ceil((hours * 0.85) / CLASS_DAY.hours));
        return { spec: s, term, index, seats: [], hours, days };
      });
      term.lastDay = spec.day + Math.max(...term.classes.map((c) => c.days)) - 1;
      term.certDay = term.lastDay + CERTIFICATE_DELAY;
      return term;
    });
  const officeDays = [
    ...new Set([...terms.flatMap((t) => t.issueDays), ...ROUNDS.map((r) => cal.workdayBefore(r))]),
  ].sort((a, b) => a - b);
  const plan: DemoPlan = { terms, loose: [], workers: [], officeDays };
  // Who is at the window on each office day (a term's two issuance days go to one clerk each, a
  // round to one): the other people of that day come to the same clerk.
  const clerkOn = new Map<number, number>();
  ROUNDS.forEach((r, i) => clerkOn.set(cal.workdayBefore(r), i % 2));
  terms.forEach((t, i) => t.issueDays.forEach((d, half) => clerkOn.set(d, (i + half) % 2)));
  const register = (p: Person, day: number, clerk: number): DemoWorker => {
    const w: DemoWorker = {
      person: p,
      registerDay: day,
      clerk,
      history: { training: rng.chance(0.1), certificate: rng.chance(0.05) },
    };
    plan.workers.push(w);
    return w;
  };

  // New trainees: round-robin over the terms' classes, so that a small demo still has some in each.
  const slots = terms.flatMap((t) => t.classes);
  let next = 0;
  const allSpecs = TERMS.flatMap((t) => t.classes.map((s) => ({ s, inst: t.institution })));
  const loosePool = allSpecs.filter((x) => !x.s.batch && !x.s.from && x.s.plan !== 'eco_guard');
  for (let i = 0; i < workers; i++) {
    const fate = FATES[CYCLE[i % CYCLE.length]!]!;
    if (fate === 'trainee') {
      const cls = slots[next++ % slots.length]!;
      const inst = INSTITUTIONS.find((x) => x.code === cls.term.spec.institution)!;
      const groups: TargetGroupCode[] = cls.spec.plan === 'eco_guard' ? ['forest_ranger'] : [];
      const half = cls.seats.length % 2;
      const day = cls.spec.batch ? cls.term.issueDays[0] : cls.term.issueDays[half]!;
      const clerk = (terms.indexOf(cls.term) + (cls.spec.batch ? 0 : half)) % 2;
      const w = register(people.make(cal.at(0), rng.pick(inst.serves), groups), day, clerk);
      cls.seats.push(seat(rng, w, cls, day, clerk));
    } else {
      const pick = rng.pick(loosePool);
      // Expired: issued early enough to pass its 90 days; unused: recent enough to be valid today.
      const window: Record<LooseFate, [number, number]> = {
        expired: [0, SPAN_DAYS - 110],
        unused: [SPAN_DAYS - 70, SPAN_DAYS],
        revoked: [0, SPAN_DAYS - 12],
        none: [0, SPAN_DAYS],
      };
      const [from, to] = window[fate];
      const days = officeDays.filter((d) => d >= from && d <= to);
      const day = days.length ? rng.pick(days) : officeDays[0]!;
      const township = rng.pick(INSTITUTIONS.flatMap((x) => x.serves));
      const w = register(people.make(cal.at(0), township), day, clerkOn.get(day) ?? 0);
      // Without an office day in its window (a tiny demo), the worker is only registered.
      const fits = days.length > 0 || fate === 'none';
      plan.loose.push({
        worker: w,
        fate: fits ? fate : 'none',
        spec: pick.s,
        institution: pick.inst,
        designated: rng.chance(0.4),
      });
    }
  }
  moveUp(plan, rng);
  followUps(plan, rng, cal);
  return plan;
}

function seat(rng: Rng, w: DemoWorker, cls: PlannedClass, day: number, clerk: number): Seat {
  return {
    worker: w,
    cls,
    issueDay: day,
    clerk,
    designated: rng.chance(0.5),
    absentDay: rng.chance(0.05) && cls.days > 1 ? rng.int(1, cls.days - 1) : null,
    // 生态卫士计划 pays on completion; a certificate arriving after that payment could not be recorded
    // (the voucher is settled by then), so its rangers are left without one.
    certified: cls.spec.plan !== 'eco_guard' && rng.chance(0.9),
  };
}

/**
 * Classes one level up take part of their seats from earlier trainees certified at the level below
 * in time for the new term's issuance (an archive with two trainings and two certificates).
 */
function moveUp(plan: DemoPlan, rng: Rng): void {
  const moved = new Set<DemoWorker>();
  for (const term of plan.terms) {
    for (const cls of term.classes.filter((c) => c.spec.from)) {
      const from = `${cls.spec.occupation}/${cls.spec.from}`;
      const ready = plan.terms
        .filter((t) => t !== term && t.certDay < term.issueDays[1])
        .flatMap((t) => t.classes.filter((c) => levelOf(c.spec) === from).flatMap((c) => c.seats))
        .filter((s) => s.certified && s.absentDay === null && !moved.has(s.worker));
      const want = Math.max(1, Math.round(cls.seats.length * 0.4));
      for (const s of rng.shuffle(ready).slice(0, want)) {
        moved.add(s.worker);
        cls.seats.push(seat(rng, s.worker, cls, term.issueDays[1], 1 - (plan.terms.indexOf(term) % 2)));
      }
    }
  }
}

/** Employment and honours, recorded by a clerk at a settlement round after the certificate. */
function followUps(plan: DemoPlan, rng: Rng, cal: Calendar): void {
  for (const term of plan.terms)
    for (const cls of term.classes)
      for (const s of cls.seats) {
        if (!s.certified || s.absentDay !== null) continue;
        const certified = term.certDay;
        const after = (gap: number) => ROUNDS.map((r) => cal.workdayBefore(r)).find((r) => r >= certified + gap);
        if (rng.chance(0.35)) s.employmentRound = after(15);
        if (rng.chance(0.04)) s.honourRound = after(30);
      }
}
