import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SessionUser } from '../../shared/contract/schemas/auth';

export interface Session {
  token: string;
  user: SessionUser;
  lastActive: number;
  locked: boolean;
  /** When the user logged in, on the store's monotonic clock (see SessionStore). */
  startedAt: number;
  /** The password hash the user logged in with: a password changed or reset elsewhere ends the session. */
  credential?: string;
  /** CLI and system sessions: no screen to lock, no account row to re-read, no maximum age. */
  noIdleLock?: boolean;
}

/** Time for session ages: milliseconds that only go forward. */
export type Monotonic = () => number;

const PRUNE_EVERY_MS = 60_000;

/**
 * In-memory sessions of one process; a restart logs everyone out, which is what a desk app expects.
 *
 * The idle lock follows the app's clock (the one the services use). A session's maximum age is
 * measured on a monotonic clock instead: turning the PC's clock back cannot keep a session alive,
 * and tests and the demo can move the business date by months without ending the sessions they use.
 */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  /** Sessions ended because their account changed, kept so that their next call is told why. */
  private readonly retired = new Map<string, Session>();
  private lastPrune: number;

  constructor(private readonly monotonic: Monotonic = () => performance.now()) {
    this.lastPrune = monotonic();
  }

  create(user: SessionUser, now: number, opts: { noIdleLock?: boolean; credential?: string } = {}): Session {
    const s: Session = {
      token: randomBytes(32).toString('base64url'),
      user,
      lastActive: now,
      locked: false,
      startedAt: this.monotonic(),
      ...opts,
    };
    this.byToken.set(s.token, s);
    return s;
  }

  /** Looks a session up and locks it when it has been idle longer than the limit. */
  touch(token: string | null | undefined, now: number, idleMs: number): Session | null {
    if (!token) return null;
    const s = this.byToken.get(token);
    if (!s) return null;
    if (!s.noIdleLock && now - s.lastActive > idleMs) s.locked = true;
    s.lastActive = now;
    return s;
  }

  /** Looks a session up without counting it as activity (the web host sizing a request body). */
  peek(token: string | null | undefined): Session | null {
    return token ? (this.byToken.get(token) ?? null) : null;
  }

  /** How long ago the user logged in, in milliseconds. */
  age(s: Session): number {
    return this.monotonic() - s.startedAt;
  }

  /** The user changed their own password: this session goes on, their other sessions end at their next call. */
  setCredential(s: Session, credential: string): void {
    s.credential = credential;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  /** Called when a user is disabled or their role changes: their sessions end at once. */
  endForUser(userId: number): void {
    for (const [t, s] of this.byToken) {
      if (s.user.id !== userId) continue;
      this.byToken.delete(t);
      if (this.retired.size >= 1000) this.retired.delete(this.retired.keys().next().value!);
      this.retired.set(t, s);
    }
  }

  /** A session ended by endForUser, once: the dispatcher re-checks it to say why it ended. */
  takeRetired(token: string | null | undefined): Session | null {
    const s = token ? this.retired.get(token) : undefined;
    if (!s) return null;
    this.retired.delete(token!);
    return s;
  }

  /**
   * Forgets sessions nobody came back to (a closed browser tab never logs out), at most once a minute.
   * Only at twice the maximum age: a caller returning before that is told why their session ended.
   */
  prune(maxAgeMs: number): void {
    const now = this.monotonic();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    for (const [t, s] of this.byToken) if (!s.noIdleLock && now - s.startedAt > 2 * maxAgeMs) this.byToken.delete(t);
    for (const [t, s] of this.retired) if (now - s.startedAt > 2 * maxAgeMs) this.retired.delete(t);
  }
}
