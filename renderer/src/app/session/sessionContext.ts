import { createContext, useContext } from 'react';
import type { LoginResult, SessionInfo, SessionUser } from '../../../../shared/contract/schemas/auth';

export type SessionPhase =
  | { kind: 'loading' }
  | { kind: 'offline'; message: string; unreachable: boolean }
  | { kind: 'setup' }
  | { kind: 'login'; notice?: string }
  | { kind: 'locked'; user: SessionUser }
  /** Signed in with a password an admin set: a new one before anything else. */
  | { kind: 'newPassword'; user: SessionUser }
  | { kind: 'ready'; user: SessionUser };

export interface SessionState {
  phase: SessionPhase;
  jurisdiction: string;
  idleLockMinutes: number;
}

export interface SessionActions {
  reload(): Promise<void>;
  signedIn(result: LoginResult): void;
  /** Locks the screen now and tells the server. */
  lock(): Promise<void>;
  unlocked(): void;
  /** The initial password has been replaced: on to the app. */
  passwordChanged(): void;
  logout(): Promise<void>;
  /** The server no longer knows the session: back to the login page. */
  expired(notice?: string): void;
  /** A heartbeat's answer: follows a lock or logout that happened on the server. */
  heartbeat(info: SessionInfo): void;
}

export type SessionContextValue = SessionState & SessionActions;

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside SessionProvider');
  return ctx;
}

/** The signed-in user; only for components rendered behind the session gate. */
export function useCurrentUser(): SessionUser {
  const { phase } = useSession();
  if (phase.kind !== 'ready' && phase.kind !== 'locked') throw new Error('no signed-in user');
  return phase.user;
}
