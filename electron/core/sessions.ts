import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SessionUser } from '../../shared/contract/schemas/auth';
import type { WriteTx } from '../db/driver/types';
import type { ClientInfo } from './context';

export interface Session {
  token: string;
  /** A public handle (not the token): what the admin's list of sessions shows and ends by. */
  id: string;
  user: SessionUser;
  lastActive: number;
  locked: boolean;
  /** When the user logged in, on the store's clock (see age()). */
  startedAt: number;
  /** credentialOf(the password hash the user logged in with): a password changed or reset elsewhere ends the session. */
  credential?: string;
  /** CLI and system sessions: no screen to lock, no account row to re-read, no maximum age. */
  noIdleLock?: boolean;
  client?: ClientInfo;
  /**
   * The password was set by an admin (a new account, a reset) and not yet changed: read from the
   * account with every call (sessionEndReason), so that only changing it is allowed until then.
   */
  mustChangePassword?: boolean;
}

/** A live session as the admin's list shows it. */
export interface LiveSession {
  id: string;
  user: SessionUser;
  startedAt: string;
  lastActive: string;
  locked: boolean;
  client: ClientInfo;
}

export interface CreateOptions {
  noIdleLock?: boolean;
  /** The account's password hash now (kept only as credentialOf). */
  passwordHash?: string;
  client?: ClientInfo;
}

/**
 * Where sessions live: this process's memory (the desktop app, the web host, a server on one SQLite
 * file), or the database, where every process of a county server on PostgreSQL sees them.
 */
export interface SessionStore {
  create(user: SessionUser, now: number, opts?: CreateOptions): Promise<Session>;
  /** Looks a session up, counts the call as activity, and locks it when it has been idle longer than the limit. */
  touch(token: string | null | undefined, now: number, idleMs: number): Promise<Session | null>;
  /** Looks a session up without counting it as activity (the web host sizing a request body). */
  peek(token: string | null | undefined): Promise<Session | null>;
  /** How long ago the user logged in, in milliseconds. */
  age(s: Session): number;
  setLocked(s: Session, locked: boolean): Promise<void>;
  /** The user changed their own password: this session goes on, their other sessions end at their next call. */
  setCredential(s: Session, passwordHash: string): Promise<void>;
  end(token: string): Promise<void>;
  /** A user disabled, or their role changed: their sessions end at once, and their next call is told why. */
  endForUser(userId: number, reason?: string): Promise<void>;
  /** 强制下线: one session ended by an admin. False when it had already ended. */
  endById(id: string, reason: string): Promise<boolean>;
  /**
   * A session ended by endForUser or endById, with the reason given then (if any). Asked again, it
   * answers again until pruned: the calls a page sends at once after the end (a list, its counts, a
   * heartbeat) are all told the same reason, whichever of their answers the page reads first.
   */
  retired(token: string | null | undefined): Promise<{ session: Session; reason: string | null } | null>;
  /** Forgets sessions nobody came back to (a closed browser tab never logs out). */
  prune(maxAgeMs: number): Promise<void>;
  /** The sessions of people (not the CLI's or the system's), most recently active first. */
  list(): Promise<LiveSession[]>;
  /** The same sessions, whose changes a write channel makes go through its transaction. */
  within(tx: WriteTx): SessionStore;
  /** Whether `s` has not ended since it was looked up (asked inside a write transaction: stillLive). */
  isLive(s: Session): Promise<boolean>;
}

/** What a session keeps of a password hash: enough to notice it changed, nothing to attack. */
export function credentialOf(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('hex').slice(0, 32);
}

export const newToken = () => randomBytes(32).toString('base64url');
export const newSessionId = () => randomBytes(12).toString('base64url');

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
export class MemorySessionStore implements SessionStore {
  private readonly byToken = new Map<string, Session>();
  /** Sessions ended because their account changed, kept so that their next call is told why. */
  private readonly retiredByToken = new Map<string, { session: Session; reason: string | null }>();
  private lastPrune: number;

  constructor(private readonly monotonic: Monotonic = () => performance.now()) {
    this.lastPrune = monotonic();
  }

  /**
   * Itself: memory is not part of a transaction. SQLite never runs a transaction twice, and a
   * session made by a login whose transaction then failed is never handed out and ages away.
   */
  within(): SessionStore {
    return this;
  }

  async isLive(s: Session): Promise<boolean> {
    return this.byToken.get(s.token)?.id === s.id;
  }

  async create(user: SessionUser, now: number, opts: CreateOptions = {}): Promise<Session> {
    const s: Session = {
      token: newToken(),
      id: newSessionId(),
      user,
      lastActive: now,
      locked: false,
      startedAt: this.monotonic(),
      ...(opts.noIdleLock ? { noIdleLock: true } : {}),
      ...(opts.passwordHash ? { credential: credentialOf(opts.passwordHash) } : {}),
      ...(opts.client ? { client: opts.client } : {}),
    };
    this.byToken.set(s.token, s);
    return s;
  }

  async touch(token: string | null | undefined, now: number, idleMs: number): Promise<Session | null> {
    if (!token) return null;
    const s = this.byToken.get(token);
    if (!s) return null;
    if (!s.noIdleLock && now - s.lastActive > idleMs) s.locked = true;
    s.lastActive = now;
    return s;
  }

  async peek(token: string | null | undefined): Promise<Session | null> {
    return token ? (this.byToken.get(token) ?? null) : null;
  }

  age(s: Session): number {
    return this.monotonic() - s.startedAt;
  }

  async setLocked(s: Session, locked: boolean): Promise<void> {
    s.locked = locked;
  }

  async setCredential(s: Session, passwordHash: string): Promise<void> {
    s.credential = credentialOf(passwordHash);
  }

  async end(token: string): Promise<void> {
    this.byToken.delete(token);
  }

  private retire(token: string, s: Session, reason: string | null) {
    this.byToken.delete(token);
    if (this.retiredByToken.size >= 1000) this.retiredByToken.delete(this.retiredByToken.keys().next().value!);
    this.retiredByToken.set(token, { session: s, reason });
  }

  async endForUser(userId: number, reason?: string): Promise<void> {
    for (const [t, s] of this.byToken) if (s.user.id === userId) this.retire(t, s, reason ?? null);
  }

  async endById(id: string, reason: string): Promise<boolean> {
    for (const [t, s] of this.byToken) {
      if (s.id !== id) continue;
      this.retire(t, s, reason);
      return true;
    }
    return false;
  }

  async retired(token: string | null | undefined) {
    return (token ? this.retiredByToken.get(token) : undefined) ?? null;
  }

  /** Only at twice the maximum age: a caller returning before that is told why their session ended. */
  async prune(maxAgeMs: number): Promise<void> {
    const now = this.monotonic();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    for (const [t, s] of this.byToken) if (!s.noIdleLock && now - s.startedAt > 2 * maxAgeMs) this.byToken.delete(t);
    for (const [t, r] of this.retiredByToken)
      if (now - r.session.startedAt > 2 * maxAgeMs) this.retiredByToken.delete(t);
  }

  async list(): Promise<LiveSession[]> {
    const wallNow = Date.now();
    const mono = this.monotonic();
    return [...this.byToken.values()]
      .filter((s) => !s.noIdleLock && s.user.id > 0)
      .sort((a, b) => b.lastActive - a.lastActive)
      .map((s) => ({
        id: s.id,
        user: s.user,
        // Memory ages are monotonic: shown as wall-clock times measured back from now.
        startedAt: new Date(wallNow - (mono - s.startedAt)).toISOString(),
        lastActive: new Date(s.lastActive).toISOString(),
        locked: s.locked,
        client: s.client ?? { address: null, kind: 'desktop' },
      }));
  }
}
