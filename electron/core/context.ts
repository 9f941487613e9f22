import type { Database, Queryable, ReadDb, WriteTx } from '../db/driver/types';
import type { KeyRing } from '../services/keys/keyRing';
import type { Clock } from './clock';
import type { InstallSecrets } from './secrets';
import type { ArtifactStore, JobStore } from './jobs';
import type { LoginThrottle } from './loginThrottle';
import type { PasswordWork } from './password';
import type { Session, SessionStore } from './sessions';

export interface AuditChange {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Who is calling and from where, for the audit log. */
export interface ClientInfo {
  address: string | null;
  kind: 'browser' | 'desktop' | 'cli' | 'system';
}

/** What every service receives besides the database: the clock, who is calling, the keys. */
interface CallParts {
  clock: Clock;
  session: Session | null;
  sessions: SessionStore;
  keyring: KeyRing;
  /** Keys kept outside the database file (audit fingerprints and chain, holder MAC, witnesses). */
  secrets: InstallSecrets;
  jobs: JobStore;
  artifacts: ArtifactStore;
  channel: string;
  client: ClientInfo;
  /** Set when the caller's session was ended by this call's check (disabled, role changed, too old): why. */
  sessionEnded?: string;
  /** Password checks and hashes, prepared before the write transaction where the channel has a `before`. */
  passwords: PasswordWork;
}

/**
 * A channel that reads. Its audit rows (a full ID number shown) are written by the dispatcher after
 * it returns, in a write transaction of their own; if it fails, they are not written.
 */
export interface Ctx extends CallParts {
  db: Queryable;
  audit(change: AuditChange): Promise<void>;
}

/** A channel that writes: everything, its audit rows included, in one write transaction. */
export interface WriteCtx extends Ctx {
  db: WriteTx;
}

/**
 * A channel that computes outside any transaction and then writes what it computed in one short
 * write transaction through `write` (the one runner besides the dispatcher that opens transactions).
 * Background jobs it starts keep using `write` after it has answered.
 */
export interface JobCtx extends Ctx {
  db: ReadDb;
  /**
   * `record`: the write records what has already happened outside the database (a backup on disk),
   * so it is made even if the caller's session has ended meanwhile (see stillLive).
   */
  write<T>(fn: (w: WriteCtx) => Promise<T>, opts?: { record?: boolean }): Promise<T>;
  /** The whole database, for what works on it as a whole (a backup), not row by row. */
  env: Env;
}

/** The long-lived parts shared by every call in a process. */
export interface Env {
  db: Database;
  clock: Clock;
  sessions: SessionStore;
  keyring: KeyRing;
  secrets: InstallSecrets;
  jobs: JobStore;
  artifacts: ArtifactStore;
  /** Wrong logins per client address (the web host and the county server consult it). */
  throttle: LoginThrottle;
  /** Where unexpected errors are logged (stderr by default). */
  log?: (message: string, error: unknown) => void;
}

/** The account to record as the actor, or null for the CLI and system tasks, which have none. */
export function actorId(ctx: Pick<Ctx, 'session'>): number | null {
  const id = ctx.session?.user.id;
  return id !== undefined && id > 0 ? id : null;
}
