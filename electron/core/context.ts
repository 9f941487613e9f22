import type { Db } from '../db/connection';
import type { KeyRing } from '../services/keys/keyRing';
import type { Clock } from './clock';
import type { InstallSecrets } from './secrets';
import type { ArtifactStore, JobStore } from './jobs';
import type { Session, SessionStore } from './sessions';

/** What every service function receives: the database, the clock, who is calling, and how to audit. */
export interface Ctx {
  db: Db;
  clock: Clock;
  session: Session | null;
  sessions: SessionStore;
  keyring: KeyRing;
  /** Keys kept outside the database file (audit fingerprints and chain, holder MAC, witnesses). */
  secrets: InstallSecrets;
  jobs: JobStore;
  artifacts: ArtifactStore;
  channel: string;
  /** Set when the caller's session was ended by this call's check (disabled, role changed, too old): why. */
  sessionEnded?: string;
  /** Record one change; written in the same transaction as the change itself. */
  audit(change: {
    action: string;
    entity: string;
    entityId?: string | number | null;
    before?: unknown;
    after?: unknown;
  }): void;
}

/** The long-lived parts shared by every call in a process. */
export interface Env {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  keyring: KeyRing;
  secrets: InstallSecrets;
  jobs: JobStore;
  artifacts: ArtifactStore;
  /** Where unexpected errors are logged (stderr by default). */
  log?: (message: string, error: unknown) => void;
}

/** The account to record as the actor, or null for the CLI and system tasks, which have none. */
export function actorId(ctx: Pick<Ctx, 'session'>): number | null {
  const id = ctx.session?.user.id;
  return id !== undefined && id > 0 ? id : null;
}
