// The county server's bookkeeping shared by its processes: sessions, jobs, generated files, login
// throttling and idempotency keys. Written with Database.exec (outside the writers' queue), except
// idempotency keys, which belong to the write they guard, and session changes a write channel makes
// (a login, a password change), which go through its transaction (Exec below).
import type { Database, Queryable, RunResult, WriteTx } from '../driver/types';
import { sql, type Sql } from '../sql';

/** Where a session change is written: the database at once, or a write transaction's `run`. */
export interface Exec {
  exec(q: Sql): Promise<RunResult>;
}

export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: number;
  username: string;
  display_name: string;
  role: string;
  institution_id: number | null;
  credential: string | null;
  started_at: string;
  last_active: string;
  locked: number;
  client_address: string | null;
  client_kind: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export async function insertSession(db: Exec, r: Omit<SessionRow, 'ended_at' | 'ended_reason'>): Promise<void> {
  await db.exec(
    sql`INSERT INTO app_session (id, token_hash, user_id, username, display_name, role, institution_id, credential,
          started_at, last_active, locked, client_address, client_kind)
        VALUES (${r.id}, ${r.token_hash}, ${r.user_id}, ${r.username}, ${r.display_name}, ${r.role}, ${r.institution_id},
          ${r.credential}, ${r.started_at}, ${r.last_active}, ${r.locked}, ${r.client_address}, ${r.client_kind})`,
  );
}

export async function sessionByTokenHash(db: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  return db.get<SessionRow>(sql`SELECT * FROM app_session WHERE token_hash = ${tokenHash}`);
}

export async function updateSessionActivity(db: Exec, id: string, lastActive: string, locked: number): Promise<void> {
  await db.exec(
    sql`UPDATE app_session SET last_active = ${lastActive}, locked = ${locked} WHERE id = ${id} AND ended_at IS NULL`,
  );
}

export async function setSessionLocked(db: Exec, id: string, locked: number): Promise<void> {
  await db.exec(sql`UPDATE app_session SET locked = ${locked} WHERE id = ${id}`);
}

export async function setSessionCredential(db: Exec, id: string, credential: string): Promise<void> {
  await db.exec(sql`UPDATE app_session SET credential = ${credential} WHERE id = ${id}`);
}

export async function deleteSession(db: Exec, id: string): Promise<void> {
  await db.exec(sql`DELETE FROM app_session WHERE id = ${id}`);
}

/** Ends sessions, keeping the row (and why) so that their next call is told; returns how many. */
export async function endSessions(
  db: Exec,
  where: { id: string } | { userId: number },
  at: string,
  reason: string,
): Promise<number> {
  const cond = 'id' in where ? sql`id = ${where.id}` : sql`user_id = ${where.userId}`;
  const r = await db.exec(
    sql`UPDATE app_session SET ended_at = ${at}, ended_reason = ${reason} WHERE ${cond} AND ended_at IS NULL`,
  );
  return r.changes;
}

/** Live sessions started before `startedBefore`, and ended ones, are forgotten. */
export async function pruneSessions(db: Exec, startedBefore: string): Promise<void> {
  await db.exec(sql`DELETE FROM app_session WHERE started_at < ${startedBefore}`);
}

export async function liveSessions(db: Queryable): Promise<SessionRow[]> {
  return db.all<SessionRow>(sql`SELECT * FROM app_session WHERE ended_at IS NULL ORDER BY last_active DESC`);
}

export interface JobRow {
  id: string;
  owner_id: number;
  kind: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result_json: string | null;
  error: string | null;
  started_at: string;
  updated_at: string;
}

export async function insertJob(db: Database, j: Omit<JobRow, 'result_json' | 'error'>): Promise<void> {
  await db.exec(
    sql`INSERT INTO app_job (id, owner_id, kind, state, phase, done, total, started_at, updated_at)
        VALUES (${j.id}, ${j.owner_id}, ${j.kind}, ${j.state}, ${j.phase}, ${j.done}, ${j.total}, ${j.started_at}, ${j.updated_at})`,
  );
}

export async function updateJob(
  db: Database,
  id: string,
  j: Partial<Pick<JobRow, 'state' | 'phase' | 'done' | 'total' | 'result_json' | 'error'>> & { updated_at: string },
): Promise<void> {
  const sets = Object.entries(j).map(([k, v]) => sql`${sql.ident(k)} = ${v as string | number | null}`);
  await db.exec(sql`UPDATE app_job SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

export async function jobById(db: Queryable, id: string): Promise<JobRow | undefined> {
  return db.get<JobRow>(sql`SELECT * FROM app_job WHERE id = ${id}`);
}

/** Jobs a stopped server process left running (no progress for `before`), marked failed; and old jobs removed. */
export async function sweepJobs(db: Database, staleBefore: string, removeBefore: string, why: string): Promise<void> {
  await db.exec(
    sql`UPDATE app_job SET state = 'failed', error = ${why}, phase = '失败', updated_at = ${staleBefore}
        WHERE state = 'running' AND updated_at < ${staleBefore}`,
  );
  await db.exec(sql`DELETE FROM app_job WHERE started_at < ${removeBefore}`);
}

export async function insertArtifact(
  db: Database,
  a: {
    id: string;
    owner_id: number;
    name: string;
    mime: string;
    sealed: Uint8Array;
    created_at: string;
    expires_at: string;
  },
): Promise<void> {
  await db.exec(
    sql`INSERT INTO app_artifact (id, owner_id, name, mime, sealed, created_at, expires_at)
        VALUES (${a.id}, ${a.owner_id}, ${a.name}, ${a.mime}, ${a.sealed}, ${a.created_at}, ${a.expires_at})`,
  );
}

/** The file for its owner if it has not expired; deleted as it is read (one download). */
export async function takeArtifact(
  db: Database,
  id: string,
  ownerId: number,
  now: string,
): Promise<{ name: string; mime: string; sealed: Uint8Array } | undefined> {
  const row = await db.reader.get<{ name: string; mime: string; sealed: Uint8Array }>(
    sql`SELECT name, mime, sealed FROM app_artifact WHERE id = ${id} AND owner_id = ${ownerId} AND expires_at > ${now}`,
  );
  if (!row) return undefined;
  // Only the caller whose DELETE removed it gets it: two downloads racing get one file.
  const gone = await db.exec(sql`DELETE FROM app_artifact WHERE id = ${id} AND owner_id = ${ownerId}`);
  return gone.changes === 1 ? row : undefined;
}

export async function sweepArtifacts(db: Database, now: string): Promise<void> {
  await db.exec(sql`DELETE FROM app_artifact WHERE expires_at <= ${now}`);
}

export interface ThrottleRow {
  address: string;
  failures: number;
  window_start: string;
  blocked_until: string | null;
}

export async function throttleOf(db: Queryable, address: string): Promise<ThrottleRow | undefined> {
  return db.get<ThrottleRow>(sql`SELECT * FROM login_throttle WHERE address = ${address}`);
}

export async function saveThrottle(db: Database, r: ThrottleRow): Promise<void> {
  await db.exec(
    sql`INSERT INTO login_throttle (address, failures, window_start, blocked_until)
        VALUES (${r.address}, ${r.failures}, ${r.window_start}, ${r.blocked_until})
        ON CONFLICT (address) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
          blocked_until = excluded.blocked_until`,
  );
}

export async function clearThrottle(db: Database, address: string): Promise<void> {
  await db.exec(sql`DELETE FROM login_throttle WHERE address = ${address}`);
}

export interface IdempotencyRow {
  channel: string;
  state: 'pending' | 'done';
  result_json: string | null;
  at: string;
}

export async function idempotencyOf(db: Queryable, userId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db.get<IdempotencyRow>(
    sql`SELECT channel, state, result_json, at FROM idempotency_key WHERE user_id = ${userId} AND key = ${key}`,
  );
}

export async function putIdempotency(
  db: WriteTx,
  r: { userId: number; key: string; channel: string; state: 'pending' | 'done'; resultJson: string | null; at: string },
): Promise<void> {
  await db.run(
    sql`INSERT INTO idempotency_key (user_id, key, channel, state, result_json, at)
        VALUES (${r.userId}, ${r.key}, ${r.channel}, ${r.state}, ${r.resultJson}, ${r.at})
        ON CONFLICT (user_id, key) DO UPDATE SET state = excluded.state, result_json = excluded.result_json`,
  );
}

/**
 * The key of a write done in one transaction, which looked for it first: a plain insert, so that a
 * writer beside this one (WriteOptions.shared) that stored the same key meanwhile makes this one a
 * unique violation, run again as a replay, instead of having its answer overwritten.
 */
export async function addIdempotency(
  db: WriteTx,
  r: { userId: number; key: string; channel: string; resultJson: string; at: string },
): Promise<void> {
  await db.run(
    sql`INSERT INTO idempotency_key (user_id, key, channel, state, result_json, at)
        VALUES (${r.userId}, ${r.key}, ${r.channel}, 'done', ${r.resultJson}, ${r.at})`,
  );
}

export async function dropIdempotency(db: WriteTx, userId: number, key: string): Promise<void> {
  await db.run(sql`DELETE FROM idempotency_key WHERE user_id = ${userId} AND key = ${key}`);
}

/** Every finished answer of this user: their rights changed, and a retry is to be judged afresh. */
export async function forgetIdempotencyOf(db: WriteTx, userId: number): Promise<void> {
  // Only finished answers: a pending key belongs to a job still running, and forgetting it would let
  // a retry start the same job a second time.
  await db.run(sql`DELETE FROM idempotency_key WHERE user_id = ${userId} AND state = 'done'`);
}

export async function pruneIdempotency(db: WriteTx, before: string): Promise<void> {
  await db.run(sql`DELETE FROM idempotency_key WHERE at < ${before}`);
}

/** The health check: the database answers a trivial query. */
export async function ping(db: Queryable): Promise<void> {
  await db.get(sql`SELECT 1 AS one`);
}

/** Address counts whose window and block are both over: nothing left to remember. */
export async function pruneThrottle(db: WriteTx, before: string): Promise<void> {
  await db.run(
    sql`DELETE FROM login_throttle WHERE window_start < ${before} AND (blocked_until IS NULL OR blocked_until < ${before})`,
  );
}
