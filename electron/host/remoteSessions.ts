// The county server's dispatcher threads keep no sessions of their own: the HTTP thread owns them
// (in memory, as on a single machine) and answers both threads over a MessagePort each. It never
// waits on the disk, so a lookup is answered at once however busy the writing thread is. A session
// crosses as a copy: what changes it (the lock, a new password) is sent by token and applied to the
// copy in hand as well.
import type { MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { SessionUser } from '../../shared/contract/schemas/auth';
import { AppError } from '../core/errors';
import { credentialOf, type CreateOptions, type LiveSession, type Session, type SessionStore } from '../core/sessions';

type Op =
  | { op: 'create'; user: SessionUser; now: number; opts: CreateOptions }
  | { op: 'touch'; token: string | null | undefined; now: number; idleMs: number }
  | { op: 'peek'; token: string | null | undefined }
  | { op: 'setLocked'; token: string; locked: boolean }
  | { op: 'setCredential'; token: string; passwordHash: string }
  | { op: 'end'; token: string }
  | { op: 'endForUser'; userId: number; reason: string | undefined }
  | { op: 'endById'; id: string; reason: string }
  | { op: 'retired'; token: string | null | undefined }
  | { op: 'prune'; maxAgeMs: number }
  | { op: 'list' };

type Failure = { code: AppError['code']; message: string };

/** A session as it crosses the port, with its age then (the owner's clock is monotonic per thread). */
export interface Sent {
  session: Session;
  ageMs: number;
  reason?: string | null;
}

const sentOf = (store: SessionStore, s: Session | null): Sent | null =>
  s ? { session: s, ageMs: store.age(s) } : null;

/**
 * How many times a session has ended here, told to every dispatcher thread as it changes: a write
 * transaction asks whether its session still stands (stillLive), and while nothing has ended since
 * its session was looked up, the thread answers itself. Asking across the port each time kept the
 * database's write lock waiting on this thread, which answers every client's TLS and HTTP: at 500
 * clients the p95 of the SQLite server went from 0.25 s to 1.2 s.
 */
const ended = { count: 0, ports: new Set<MessagePort>() };
const ENDING: ReadonlySet<Op['op']> = new Set(['end', 'endForUser', 'endById', 'prune']);

/** Answers a dispatcher thread's calls from the store that owns the sessions. */
export function serveSessions(port: MessagePort, store: SessionStore): void {
  ended.ports.add(port);
  port.on('close', () => ended.ports.delete(port));
  const sent = (s: Session | null) => sentOf(store, s);
  const byToken = async (token: string) => {
    const s = await store.peek(token);
    if (!s) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    return s;
  };
  const answer = async (m: Op): Promise<unknown> => {
    switch (m.op) {
      case 'create':
        return sent(await store.create(m.user, m.now, m.opts));
      case 'touch':
        return sent(await store.touch(m.token, m.now, m.idleMs));
      case 'peek':
        return sent(await store.peek(m.token));
      case 'setLocked':
        return store.setLocked(await byToken(m.token), m.locked);
      case 'setCredential':
        return store.setCredential(await byToken(m.token), m.passwordHash);
      case 'end':
        return store.end(m.token);
      case 'endForUser':
        return store.endForUser(m.userId, m.reason);
      case 'endById':
        return store.endById(m.id, m.reason);
      case 'retired': {
        const r = await store.retired(m.token);
        return r ? { ...sent(r.session)!, reason: r.reason } : null;
      }
      case 'prune':
        return store.prune(m.maxAgeMs);
      case 'list':
        return store.list();
    }
  };
  port.on('message', ({ id, m }: { id: number; m: Op }) => {
    answer(m).then(
      (value) => {
        // Told before the answer: on the asking thread's port the count arrives first, so a write
        // that ended a session (强制下线, disabling) commits only after its thread knows.
        if (ENDING.has(m.op)) {
          ended.count++;
          for (const p of ended.ports) p.postMessage({ ended: ended.count });
        }
        port.postMessage({ id, value: value ?? null });
      },
      (e: unknown) =>
        port.postMessage({
          id,
          error: { code: e instanceof AppError ? e.code : 'INTERNAL', message: (e as Error).message },
        }),
    );
  });
}

/** A dispatcher thread's view of the sessions the HTTP thread owns. */
export class RemoteSessionStore implements SessionStore {
  private next = 1;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  /** Each session's age when it arrived, and when: age() is asked synchronously. */
  private readonly ages = new WeakMap<Session, { ageMs: number; at: number }>();

  /** The owner's count of ended sessions as last told, and each session's count when it arrived. */
  private endedCount = 0;
  private readonly arrivedAt = new WeakMap<Session, number>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (msg: { id: number; value?: unknown; error?: Failure } | { ended: number }) => {
      if ('ended' in msg) {
        this.endedCount = msg.ended;
        return;
      }
      const { id, value, error } = msg;
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (error !== undefined) w?.fail(new AppError(error.code, error.message));
      else w?.ok(value ?? null);
    });
  }

  /** Itself: the HTTP thread keeps sessions in memory, outside any transaction (as MemorySessionStore). */
  within(): SessionStore {
    return this;
  }

  private ask<T = Sent | null>(m: Op): Promise<T> {
    return new Promise<T>((ok, fail) => {
      const id = this.next++;
      this.waiting.set(id, { ok: ok as (v: unknown) => void, fail });
      this.port.postMessage({ id, m });
    });
  }

  private received(v: Sent | null): Session | null {
    if (!v) return null;
    this.ages.set(v.session, { ageMs: v.ageMs, at: performance.now() });
    this.arrivedAt.set(v.session, this.endedCount);
    return v.session;
  }

  /** Answered here while no session has ended since `s` arrived; asked of the owner otherwise. */
  async isLive(s: Session): Promise<boolean> {
    if (this.arrivedAt.get(s) === this.endedCount) return true;
    return (await this.peek(s.token))?.id === s.id;
  }

  async create(user: SessionUser, now: number, opts: CreateOptions = {}): Promise<Session> {
    return this.received(await this.ask({ op: 'create', user, now, opts }))!;
  }

  async touch(token: string | null | undefined, now: number, idleMs: number): Promise<Session | null> {
    return this.received(await this.ask({ op: 'touch', token, now, idleMs }));
  }

  async peek(token: string | null | undefined): Promise<Session | null> {
    return this.received(await this.ask({ op: 'peek', token }));
  }

  age(s: Session): number {
    const a = this.ages.get(s);
    // A session that did not come from the owner has no known age: treated as too old.
    return a ? a.ageMs + (performance.now() - a.at) : Number.POSITIVE_INFINITY;
  }

  async setLocked(s: Session, locked: boolean): Promise<void> {
    await this.ask({ op: 'setLocked', token: s.token, locked });
    s.locked = locked;
  }

  async setCredential(s: Session, passwordHash: string): Promise<void> {
    await this.ask({ op: 'setCredential', token: s.token, passwordHash });
    s.credential = credentialOf(passwordHash);
  }

  async end(token: string): Promise<void> {
    await this.ask({ op: 'end', token });
  }

  async endForUser(userId: number, reason?: string): Promise<void> {
    await this.ask({ op: 'endForUser', userId, reason });
  }

  async endById(id: string, reason: string): Promise<boolean> {
    return this.ask<boolean>({ op: 'endById', id, reason });
  }

  async retired(token: string | null | undefined) {
    const v = await this.ask({ op: 'retired', token });
    if (!v) return null;
    return { session: this.received(v)!, reason: v.reason ?? null };
  }

  /** Asked with every call; sent on at most once a minute (the owner prunes no more often anyway). */
  async prune(maxAgeMs: number): Promise<void> {
    const now = performance.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.ask({ op: 'prune', maxAgeMs });
  }

  async list(): Promise<LiveSession[]> {
    return this.ask<LiveSession[]>({ op: 'list' });
  }
}
