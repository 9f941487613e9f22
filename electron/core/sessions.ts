import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../shared/contract/schemas/auth';

export interface Session {
  token: string;
  user: SessionUser;
  lastActive: number;
  locked: boolean;
  /** CLI and system sessions have no screen to lock. */
  noIdleLock?: boolean;
}

/** In-memory sessions of one process; a restart logs everyone out, which is what a desk app expects. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();

  create(user: SessionUser, now: number, opts: { noIdleLock?: boolean } = {}): Session {
    const s: Session = { token: randomBytes(32).toString('base64url'), user, lastActive: now, locked: false, ...opts };
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

  end(token: string): void {
    this.byToken.delete(token);
  }

  /** Called when a user is disabled or their role changes: their sessions end at once. */
  endForUser(userId: number): void {
    for (const [t, s] of this.byToken) if (s.user.id === userId) this.byToken.delete(t);
  }
}
