// Sessions, jobs and generated files kept in the database, for a county server on PostgreSQL whose
// processes (several behind one address) must all see the same logins, job progress and downloads.
// A desktop, the web host and a server on one SQLite file keep them in memory instead (sessions.ts,
// jobs.ts): one process, and a restart logs everyone out, as a desk app expects.
import { createHash } from 'node:crypto';
import type { Job } from '../../shared/contract/schemas/voucher';
import type { Artifact } from '../../shared/contract/schemas/keys';
import type { Database, Queryable, WriteTx } from '../db/driver/types';
import * as repo from '../db/repos/server.repo';
import type { ClientInfo } from './context';
import { AppError } from './errors';
import { ARTIFACT_TTL_MS, newJobId, type ArtifactStore, type JobHandle, type JobStore } from './jobs';
import type { InstallSecrets } from './secrets';
import {
  credentialOf,
  newSessionId,
  newToken,
  type CreateOptions,
  type LiveSession,
  type Session,
  type SessionStore,
} from './sessions';
import type { SessionUser } from '../../shared/contract/schemas/auth';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** A touch writes last_active at most this often (every call would be a write). */
const ACTIVITY_WRITE_MS = 15_000;
const PRUNE_EVERY_MS = 60_000;

function toSession(r: repo.SessionRow, token: string): Session {
  return {
    token,
    id: r.id,
    user: {
      id: r.user_id,
      username: r.username,
      displayName: r.display_name,
      role: r.role as SessionUser['role'],
      institutionId: r.institution_id,
      // Not stored with the session: read from user_township on every call (sessionCheck).
      townships: [],
    },
    lastActive: Date.parse(r.last_active),
    locked: r.locked === 1,
    startedAt: Date.parse(r.started_at),
    ...(r.credential ? { credential: r.credential } : {}),
    client: { address: r.client_address, kind: r.client_kind as ClientInfo['kind'] },
  };
}

/**
 * Sessions in the database: only the SHA-256 of each token is stored, so the table (or a backup)
 * gives nobody a way in. Ages are measured on the server's clock (processes share no other).
 */
export class DbSessionStore implements SessionStore {
  private lastPrune = 0;
  /** Where changes are written and sessions read: the database, or the transaction of `within`. */
  private readonly writes: repo.Exec;
  private readonly reads: Queryable;

  constructor(
    private readonly db: Database,
    private readonly wallNow: () => number = Date.now,
    tx?: WriteTx,
  ) {
    this.writes = tx ? { exec: (q) => tx.run(q) } : db;
    this.reads = tx ?? db.reader;
  }

  /**
   * The session changes of a write channel (a login's new session, a password change, sessions
   * ended with a user's role) commit with its audit rows or not at all, and once: on PostgreSQL a
   * transaction run again after a deadlock would otherwise have made them twice.
   */
  within(tx: WriteTx): SessionStore {
    return new DbSessionStore(this.db, this.wallNow, tx);
  }

  async isLive(s: Session): Promise<boolean> {
    return (await this.peek(s.token))?.id === s.id;
  }

  async create(user: SessionUser, now: number, opts: CreateOptions = {}): Promise<Session> {
    if (opts.noIdleLock || user.id <= 0) throw new AppError('INTERNAL', '命令行和系统会话不存入数据库');
    const token = newToken();
    const at = new Date(this.wallNow()).toISOString();
    const row = {
      id: newSessionId(),
      token_hash: hashToken(token),
      user_id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      institution_id: user.institutionId,
      credential: opts.passwordHash ? credentialOf(opts.passwordHash) : null,
      started_at: at,
      last_active: new Date(now).toISOString(),
      locked: 0,
      client_address: opts.client?.address ?? null,
      client_kind: opts.client?.kind ?? 'browser',
    };
    await repo.insertSession(this.writes, row);
    return toSession({ ...row, ended_at: null, ended_reason: null }, token);
  }

  async touch(token: string | null | undefined, now: number, idleMs: number): Promise<Session | null> {
    const s = await this.peek(token);
    if (!s) return null;
    const idle = now - s.lastActive > idleMs;
    if (idle) s.locked = true;
    if (idle || now - s.lastActive > ACTIVITY_WRITE_MS) {
      await repo.updateSessionActivity(this.writes, s.id, new Date(now).toISOString(), s.locked ? 1 : 0);
    }
    s.lastActive = now;
    return s;
  }

  async peek(token: string | null | undefined): Promise<Session | null> {
    if (!token) return null;
    const r = await repo.sessionByTokenHash(this.reads, hashToken(token));
    return r && !r.ended_at ? toSession(r, token) : null;
  }

  age(s: Session): number {
    return this.wallNow() - s.startedAt;
  }

  async setLocked(s: Session, locked: boolean): Promise<void> {
    s.locked = locked;
    await repo.setSessionLocked(this.writes, s.id, locked ? 1 : 0);
  }

  async setCredential(s: Session, passwordHash: string): Promise<void> {
    s.credential = credentialOf(passwordHash);
    await repo.setSessionCredential(this.writes, s.id, s.credential);
  }

  async end(token: string): Promise<void> {
    const r = await repo.sessionByTokenHash(this.reads, hashToken(token));
    if (r) await repo.deleteSession(this.writes, r.id);
  }

  async endForUser(userId: number, reason?: string): Promise<void> {
    await repo.endSessions(this.writes, { userId }, this.isoNow(), reason ?? '');
  }

  async endById(id: string, reason: string): Promise<boolean> {
    return (await repo.endSessions(this.writes, { id }, this.isoNow(), reason)) > 0;
  }

  async retired(token: string | null | undefined) {
    if (!token) return null;
    // Kept, not deleted: its row goes when pruned, as a live one does.
    const r = await repo.sessionByTokenHash(this.reads, hashToken(token));
    if (!r || !r.ended_at) return null;
    return { session: toSession(r, token), reason: r.ended_reason || null };
  }

  async prune(maxAgeMs: number): Promise<void> {
    const now = this.wallNow();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await repo.pruneSessions(this.writes, new Date(now - 2 * maxAgeMs).toISOString());
  }

  async list(): Promise<LiveSession[]> {
    return (await repo.liveSessions(this.reads)).map((r) => {
      const s = toSession(r, '');
      return {
        id: s.id,
        user: s.user,
        startedAt: r.started_at,
        lastActive: r.last_active,
        locked: s.locked,
        client: s.client!,
      };
    });
  }

  private isoNow() {
    return new Date(this.wallNow()).toISOString();
  }
}

/** Progress is written at most this often; a job silent for STALE_MS is taken as lost with its process. */
const PROGRESS_WRITE_MS = 500;
const STALE_MS = 5 * 60_000;
const KEEP_JOBS_MS = 24 * 3_600_000;

function toJob(r: repo.JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    done: r.done,
    total: r.total,
    phase: r.phase,
    result: r.result_json === null ? null : JSON.parse(r.result_json),
    error: r.error,
  };
}

/** Jobs run by the process that started them; their progress and result are kept in the database. */
export class DbJobStore implements JobStore {
  constructor(private readonly db: Database) {}

  async start(
    kind: string,
    ownerId: number,
    work: (h: JobHandle) => Promise<unknown>,
    onError: (e: unknown) => string,
  ): Promise<Job> {
    const id = newJobId();
    const now = () => new Date().toISOString();
    await repo.insertJob(this.db, {
      id,
      owner_id: ownerId,
      kind,
      state: 'running',
      phase: '准备中',
      done: 0,
      total: 0,
      started_at: now(),
      updated_at: now(),
    });
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const handle: JobHandle = {
      progress: (done, total, phase) => {
        const t = Date.now();
        if (t - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = t;
        writing = writing
          .then(() => repo.updateJob(this.db, id, { done, total, phase, updated_at: now() }))
          .catch(() => undefined);
      },
    };
    setImmediate(() => {
      void work(handle)
        .then(
          (result) => ({ state: 'done' as const, phase: '完成', result_json: JSON.stringify(result ?? null) }),
          (e) => ({ state: 'failed' as const, phase: '失败', error: onError(e) }),
        )
        .then(async (end) => {
          await writing;
          await repo.updateJob(this.db, id, { ...end, updated_at: now() });
        })
        .catch(() => undefined);
    });
    await repo.sweepJobs(
      this.db,
      new Date(Date.now() - STALE_MS).toISOString(),
      new Date(Date.now() - KEEP_JOBS_MS).toISOString(),
      '任务所在的服务器进程已停止，任务未完成，请重新提交',
    );
    return { id, kind, state: 'running', done: 0, total: 0, phase: '准备中', result: null, error: null };
  }

  async get(id: string, ownerId: number): Promise<Job> {
    const r = await repo.jobById(this.db.reader, id);
    if (!r || r.owner_id !== ownerId) throw new AppError('NOT_FOUND', '任务不存在或已过期');
    return toJob(r);
  }

  async wait(id: string, ownerId: number): Promise<Job> {
    for (;;) {
      const j = await this.get(id, ownerId);
      if (j.state !== 'running') return j;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const GONE = '文件不存在或已过期：生成的文件只能下载一次，且最多保留 10 分钟，请重新生成';

/** Generated files kept sealed (install secret) in the database until their one download. */
export class DbArtifactStore implements ArtifactStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: Pick<InstallSecrets, 'seal' | 'unseal'>,
    private readonly ttlMs = ARTIFACT_TTL_MS,
    /** The wall clock, replaceable so that a test can see a file expire without waiting 10 minutes. */
    private readonly now: () => number = Date.now,
  ) {}

  async put(ownerId: number, name: string, mime: string, bytes: Uint8Array): Promise<string> {
    const id = newJobId();
    const now = this.now();
    await repo.sweepArtifacts(this.db, new Date(now).toISOString());
    await repo.insertArtifact(this.db, {
      id,
      owner_id: ownerId,
      name,
      mime,
      sealed: this.secrets.seal(bytes),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + this.ttlMs).toISOString(),
    });
    return id;
  }

  async get(id: string, ownerId: number): Promise<Artifact & { bytes: Buffer }> {
    const row = await repo.takeArtifact(this.db, id, ownerId, new Date(this.now()).toISOString());
    if (!row) throw new AppError('NOT_FOUND', GONE);
    const bytes = this.secrets.unseal(row.sealed);
    return { name: row.name, mime: row.mime, base64: bytes.toString('base64'), bytes };
  }
}
