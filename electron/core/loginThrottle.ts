// Login throttling per client address, on top of the account lockout (auth.service.ts): wrong
// passwords from one address across many usernames first slow it down, then refuse it for a while.
// The account lockout alone would let an address try 4 passwords on every account in turn.
import type { Database } from '../db/driver/types';
import { clearThrottle, saveThrottle, throttleOf, type ThrottleRow } from '../db/repos/server.repo';

/** Failures within WINDOW_MS from one address before it is refused for BLOCK_MS. */
export const ADDRESS_MAX_FAILURES = 20;
export const WINDOW_MS = 15 * 60_000;
export const BLOCK_MS = 15 * 60_000;
/** From this many failures on, each further attempt from the address waits a little longer. */
const SLOW_FROM = 5;

export type ThrottleVerdict = { ok: true; delayMs: number } | { ok: false; retryAfterMs: number };

export interface LoginThrottle {
  /** Before a login from `address`: refused while blocked; otherwise how long to wait first. */
  check(address: string, now: number): Promise<ThrottleVerdict>;
  /** A wrong password (or unknown name) from `address`. */
  failed(address: string, now: number): Promise<void>;
  /** A successful login from `address`: its count starts again. */
  succeeded(address: string): Promise<void>;
}

function verdict(r: ThrottleRow | undefined, now: number): ThrottleVerdict {
  if (!r) return { ok: true, delayMs: 0 };
  const blockedUntil = r.blocked_until ? Date.parse(r.blocked_until) : 0;
  if (blockedUntil > now) return { ok: false, retryAfterMs: blockedUntil - now };
  if (now - Date.parse(r.window_start) > WINDOW_MS) return { ok: true, delayMs: 0 };
  const over = r.failures - SLOW_FROM;
  return { ok: true, delayMs: over > 0 ? Math.min(2000, 250 * over) : 0 };
}

function next(r: ThrottleRow | undefined, address: string, now: number): ThrottleRow {
  const fresh =
    !r ||
    now - Date.parse(r.window_start) > WINDOW_MS ||
    (r.blocked_until !== null && Date.parse(r.blocked_until) <= now);
  const failures = fresh ? 1 : r.failures + 1;
  return {
    address,
    failures,
    window_start: fresh ? new Date(now).toISOString() : r.window_start,
    blocked_until: failures >= ADDRESS_MAX_FAILURES ? new Date(now + BLOCK_MS).toISOString() : null,
  };
}

/** One process's counts (a single web host or a server on one SQLite file). */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly rows = new Map<string, ThrottleRow>();

  async check(address: string, now: number): Promise<ThrottleVerdict> {
    return verdict(this.rows.get(address), now);
  }

  async failed(address: string, now: number): Promise<void> {
    if (this.rows.size >= 10_000) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(address, next(this.rows.get(address), address, now));
  }

  async succeeded(address: string): Promise<void> {
    this.rows.delete(address);
  }
}

/** Counts every server process shares (a county server on PostgreSQL). */
export class DbLoginThrottle implements LoginThrottle {
  constructor(private readonly db: Database) {}

  async check(address: string, now: number): Promise<ThrottleVerdict> {
    return verdict(await throttleOf(this.db.reader, address), now);
  }

  async failed(address: string, now: number): Promise<void> {
    await saveThrottle(this.db, next(await throttleOf(this.db.reader, address), address, now));
  }

  async succeeded(address: string): Promise<void> {
    await clearThrottle(this.db, address);
  }
}
