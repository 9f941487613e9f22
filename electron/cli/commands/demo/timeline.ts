// The demo's time: a clock that starts months in the past and only moves forward, and the
// events of those months, run in the order they happened.
import type { Clock } from '../../../core/clock';

/** The app's clock during the demo: set to each event's time, never back. */
export class DemoClock implements Clock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  /** To an event's time; an event planned for a moment already passed runs now. */
  set(at: Date): void {
    this.t = Math.max(this.t, at.getTime());
  }
  /** The few seconds one step at a desk takes (a scan, a click). */
  tick(ms: number): void {
    this.t += ms;
  }
}

/**
 * Day `n` of the demo at a local time of day. Day 0 is the first day; dates are local, as the app's
 * are (shared/domain/idNumber localDate).
 */
export class Calendar {
  constructor(readonly first: Date) {}
  at(day: number, hour = 9, minute = 0): Date {
    const d = new Date(this.first.getFullYear(), this.first.getMonth(), this.first.getDate() + day, hour, minute);
    return d;
  }
  /** YYYY-MM-DD of day `n`. */
  date(day: number): string {
    const d = this.at(day);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
  /** The same day, or the Monday after when it falls on a weekend: the bureau's windows are shut then. */
  workday(day: number): number {
    const w = this.at(day).getDay();
    return w === 6 ? day + 2 : w === 0 ? day + 1 : day;
  }
  /** The same day, or the Friday before when it falls on a weekend. */
  workdayBefore(day: number): number {
    const w = this.at(day).getDay();
    return w === 6 ? day - 1 : w === 0 ? day - 2 : day;
  }
}

interface Event {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

/** Everything the demo's people do, run in time order (ties in the order they were planned). */
export class Timeline {
  private readonly events: Event[] = [];
  private seq = 0;

  add(at: Date, run: () => Promise<void>): void {
    this.events.push({ at: at.getTime(), seq: this.seq++, run });
  }

  /**
   * Runs every event up to `until`, setting the clock to each one's time; `onNewDay` runs first on
   * each day that has events (the app starting that morning). Later events are left out: they
   * have not happened yet.
   */
  async run(clock: DemoClock, until: Date, onNewDay: (day: string) => Promise<void>): Promise<void> {
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    let today = '';
    for (const e of this.events) {
      if (e.at > until.getTime()) break;
      clock.set(new Date(e.at));
      const day = clock.now().toDateString();
      if (day !== today) {
        today = day;
        await onNewDay(day);
      }
      await e.run();
    }
  }
}
