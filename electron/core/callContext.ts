// The contexts services run in, made in one place for the dispatcher, the write runner, the CLI and
// the app's own tasks: which database handle they get, and how their audit rows are written.
import { appendAudit, type AuditEntry } from '../db/repos/audit.repo';
import type { WriteTx } from '../db/driver/types';
import { isoNow } from './clock';
import type { AuditChange, ClientInfo, Ctx, Env, JobCtx, WriteCtx } from './context';
import type { Session, SessionStore } from './sessions';
import { AppError } from './errors';
import { PasswordWork } from './password';

/** Who and where: the same for every context of one call. */
export interface CallOf {
  session: Session | null;
  channel: string;
  client: ClientInfo;
  sessionEnded?: string;
  /** One call's password work: its `before` step prepares what its transaction asks. */
  passwords?: PasswordWork;
}

function parts(env: Env, call: CallOf) {
  return {
    clock: env.clock,
    sessions: env.sessions,
    keyring: env.keyring,
    secrets: env.secrets,
    jobs: env.jobs,
    artifacts: env.artifacts,
    session: call.session,
    channel: call.channel,
    client: call.client,
    ...(call.sessionEnded ? { sessionEnded: call.sessionEnded } : {}),
    passwords: call.passwords ?? new PasswordWork(),
  };
}

/** The audit row of a change made by whoever `who` says, now. */
export function auditEntry(who: Pick<Ctx, 'clock' | 'session' | 'channel' | 'client'>, c: AuditChange): AuditEntry {
  const call = who;
  return {
    at: isoNow(who.clock),
    userId: call.session && call.session.user.id > 0 ? call.session.user.id : null,
    username: call.session?.user.username ?? null,
    channel: call.channel,
    action: c.action,
    entity: c.entity,
    entityId: c.entityId === undefined || c.entityId === null ? null : String(c.entityId),
    before: c.before,
    after: c.after,
    clientAddress: call.client.address,
    clientKind: call.client.kind,
  };
}

/** Inside a write transaction: audit rows are appended to the chain in the same transaction. */
export function writeCtx(env: Env, call: CallOf, tx: WriteTx): WriteCtx & { audited: number } {
  const ctx = {
    ...parts(env, call),
    // A login's new session, a password change: written with the channel's audit rows (see within).
    sessions: env.sessions.within(tx),
    db: tx,
    audited: 0,
    async audit(c: AuditChange) {
      ctx.audited++;
      await appendAudit(tx, env.secrets, auditEntry({ clock: env.clock, ...call }, c));
    },
  };
  return ctx;
}

const ENDED_MEANWHILE = '您的登录已被结束（强制下线、账号停用或权限变更），此项操作未执行，请重新登录';

/**
 * The session a call started with is looked up again inside its write transaction: a write queued
 * behind the writers' lock, waiting for a password's scrypt or for a job's signatures when an admin
 * ended the session, disabled the account or changed its role would otherwise still commit after
 * that confirmed. Sessions of the command line and the system have no account and are not ended so.
 */
export async function stillLive(sessions: SessionStore, session: Session | null): Promise<void> {
  if (!session || session.noIdleLock || session.user.id <= 0) return;
  if (!(await sessions.isLive(session)))
    throw new AppError('UNAUTHENTICATED', ENDED_MEANWHILE, { detail: { sessionEnded: true } });
}

/** The one runner besides the dispatcher that opens write transactions (a job's steps). */
export function runWrite<T>(
  env: Env,
  call: CallOf,
  fn: (w: WriteCtx) => Promise<T>,
  opts: { record?: boolean } = {},
): Promise<T> {
  return env.db.write(async (tx) => {
    if (!opts.record) await stillLive(env.sessions.within(tx), call.session);
    return fn(writeCtx(env, call, tx));
  });
}

/** Reads; audit rows wait for `flush`, after the channel has answered without error. */
export function readCtx(env: Env, call: CallOf): Ctx & { flush(): Promise<void> } {
  const pending: AuditChange[] = [];
  return {
    ...parts(env, call),
    db: env.db.reader,
    async audit(c: AuditChange) {
      pending.push(c);
    },
    async flush() {
      if (pending.length === 0) return;
      const entries = pending.splice(0).map((c) => auditEntry({ clock: env.clock, ...call }, c));
      await env.db.write(async (tx) => {
        for (const e of entries) await appendAudit(tx, env.secrets, e);
      });
    },
  };
}

/** Reads now, writes later through the runner (and background jobs keep the runner). */
export function jobCtx(env: Env, call: CallOf): JobCtx & { flush(): Promise<void> } {
  const read = readCtx(env, call);
  return {
    ...read,
    db: env.db.reader,
    write: (fn, opts) => runWrite(env, call, fn, opts),
    env,
  };
}

/** For the app's own tasks (expiry, the daily witness and backup): no session, kind 'system'. */
export function systemCall(channel: string): CallOf {
  return { session: null, channel, client: { address: null, kind: 'system' } };
}
