import { createHash } from 'node:crypto';
import { redactPersonal, type Fingerprint } from '../../../shared/domain/redact';
import { AppError } from '../../core/errors';
import type { Db } from '../connection';
import { prep } from '../prepared';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  userId: number | null;
  username: string | null;
  channel: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditDbRow {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  channel: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/** What a row's link covers: the previous link, then every column but the two links, in a fixed order. */
function linkInput(prevHash: string, r: Omit<AuditDbRow, 'prev_hash' | 'hash'>): string {
  return prevHash + '\n' + JSON.stringify([
    r.id,
    r.at,
    r.user_id,
    r.username,
    r.channel,
    r.action,
    r.entity,
    r.entity_id,
    r.before_json,
    r.after_json,
  ]);
}

/**
 * The unkeyed link of rows written before the install secret was bound (and by earlier versions):
 * anyone holding the file can recompute it, so it proves nothing against that person.
 */
export function rowHash(prevHash: string, r: Omit<AuditDbRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256').update(linkInput(prevHash, r), 'utf8').digest('hex');
}

/** The MAC of the install secret's audit key: what every row after the cut-over is chained with. */
export interface AuditKey {
  auditMac(data: string): string;
}

/** The keyed link: without the secret file, an edited row's link cannot be recomputed. */
export function keyedRowHash(key: AuditKey, prevHash: string, r: Omit<AuditDbRow, 'prev_hash' | 'hash'>): string {
  return key.auditMac(linkInput(prevHash, r));
}

/** What writing needs of the install secret: the chain's MAC and the fingerprint of personal values. */
export interface AuditWriteKey extends AuditKey {
  fingerprint: Fingerprint;
}

// Every writer goes through here, so no ID number or mobile number is ever stored in clear.
const json = (v: unknown, fp: Fingerprint) =>
  v === undefined || v === null ? null : JSON.stringify(redactPersonal(v, fp));

const INSERT_AUDIT = `INSERT INTO audit_log (id, at, user_id, username, channel, action, entity, entity_id, before_json, after_json, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Runs inside the transaction of the change it records; a read that is audited (a full ID number
 * shown) gets a transaction of its own, so that reading the chain's head and appending stay one step.
 */
export function appendAudit(db: Db, key: AuditWriteKey, e: AuditEntry): number {
  if (!db.inTransaction) return db.transaction(() => auditChain(db, key).append(e)).immediate();
  return auditChain(db, key).append(e);
}

/**
 * Appends entries chained in memory from one read of the head: a bulk import writes 100,000 of them.
 * Use within one transaction, with nothing else appending in between.
 */
export function auditChain(db: Db, key: AuditWriteKey): { append(e: AuditEntry): number } {
  // A keyed row before the signed cut-over exists could never be verified: refuse rather than
  // write history nobody can check (createEnv makes the cut-over when it binds the secret).
  if (!prep(db, "SELECT 1 FROM audit_witness WHERE kind = 'cutover'").get()) {
    throw new AppError('INTERNAL', '审计链尚未启用密钥（缺少启用时签署的见证），拒绝写入审计记录');
  }
  const head = auditHead(db);
  let id = head?.last_id ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const insert = prep(db, INSERT_AUDIT);
  return {
    append(e) {
      const row = {
        id: ++id,
        at: e.at,
        user_id: e.userId,
        username: e.username,
        channel: e.channel,
        action: e.action,
        entity: e.entity,
        entity_id: e.entityId,
        before_json: json(e.before, key.fingerprint),
        after_json: json(e.after, key.fingerprint),
      };
      const hash = keyedRowHash(key, prev, row);
      insert.run(
        row.id,
        row.at,
        row.user_id,
        row.username,
        row.channel,
        row.action,
        row.entity,
        row.entity_id,
        row.before_json,
        row.after_json,
        prev,
        hash,
      );
      prev = hash;
      return id;
    },
  };
}

export interface AuditFilter {
  q?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function where(f: AuditFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  const exact: [keyof AuditFilter, string][] = [
    ['entity', 'entity = @entity'],
    ['entityId', 'entity_id = @entityId'],
    ['from', 'at >= @from'],
    ['to', 'at < @to'],
  ];
  for (const [key, sql] of exact) {
    if (f[key]) {
      parts.push(sql);
      params[key] = f[key];
    }
  }
  if (f.q) {
    parts.push(
      "(username LIKE @q ESCAPE '\\' OR channel LIKE @q ESCAPE '\\' OR entity_id LIKE @q ESCAPE '\\' OR before_json LIKE @q ESCAPE '\\' OR after_json LIKE @q ESCAPE '\\')",
    );
    params.q = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function listAudit(
  db: Db,
  f: AuditFilter,
  limit: number,
  offset: number,
): { rows: AuditDbRow[]; total: number } {
  const w = where(f);
  const total = (prep(db, `SELECT count(*) AS n FROM audit_log ${w.sql}`).get(w.params) as { n: number }).n;
  const rows = prep(db, `SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all({
    ...w.params,
    limit,
    offset,
  }) as AuditDbRow[];
  return { rows, total };
}

/**
 * Rows whose before or after holds any of `needles` (fingerprints, and the clear numbers that rows
 * written by older versions hold), newest first. A scan: it is an admin's occasional check.
 */
export function listAuditContaining(
  db: Db,
  needles: readonly string[],
  limit: number,
  offset: number,
): { rows: AuditDbRow[]; total: number } {
  if (needles.length === 0) return { rows: [], total: 0 };
  const params: Record<string, string> = {};
  const conds = needles.map((n, i) => {
    params[`n${i}`] = `%${n.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return `before_json LIKE @n${i} ESCAPE '\\' OR after_json LIKE @n${i} ESCAPE '\\'`;
  });
  const where = `WHERE ${conds.join(' OR ')}`;
  const total = prep(db, `SELECT count(*) FROM audit_log ${where}`).pluck().get(params) as number;
  const rows = prep(db, `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit,
    offset,
  }) as AuditDbRow[];
  return { rows, total };
}

export function iterateAudit(db: Db): IterableIterator<AuditDbRow> {
  return prep(db, 'SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditDbRow>;
}

export function auditHead(db: Db): { last_id: number; hash: string } | undefined {
  return prep(db, 'SELECT last_id, hash FROM audit_head WHERE id = 1').get() as
    { last_id: number; hash: string } | undefined;
}

/** How many rows each channel and action wrote since `since` (the daily digest's summary). */
export function auditCountsSince(db: Db, since: string): { channel: string; action: string; n: number }[] {
  return prep(
    db,
    'SELECT channel, action, count(*) AS n FROM audit_log WHERE at >= ? GROUP BY channel, action ORDER BY n DESC, channel, action',
  ).all(since) as { channel: string; action: string; n: number }[];
}
