import { createHash } from 'node:crypto';
import { redactPersonal, type Fingerprint } from '../../../shared/domain/redact';
import { AppError } from '../../core/errors';
import type { Queryable, WriteTx } from '../driver/types';
import { likeContains, sql, type Sql, type SqlArg } from '../sql';

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
  /** Where the call came from (the county server's clients); null for the app's own tasks and older rows. */
  clientAddress?: string | null;
  clientKind?: ClientKind | null;
}

export type ClientKind = 'browser' | 'desktop' | 'cli' | 'system';

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
  /** Added with the county server (migration 13); absent from rows read of older copies. */
  client_address?: string | null;
  client_kind?: string | null;
}

/** What a row's link covers: the previous link, then every column but the two links, in a fixed order. */
function linkInput(prevHash: string, r: Omit<AuditDbRow, 'prev_hash' | 'hash'>): string {
  return (
    prevHash +
    '\n' +
    JSON.stringify([
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
      // The client columns came later: a row without them links exactly as rows always did.
      ...(r.client_address != null || r.client_kind != null ? [r.client_address ?? null, r.client_kind ?? null] : []),
    ])
  );
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

const AUDIT_COLUMNS = [
  'id',
  'at',
  'user_id',
  'username',
  'channel',
  'action',
  'entity',
  'entity_id',
  'before_json',
  'after_json',
  'prev_hash',
  'hash',
  'client_address',
  'client_kind',
] as const;

/** Appends one entry; runs inside the write transaction of the change it records. */
export async function appendAudit(tx: WriteTx, key: AuditWriteKey, e: AuditEntry): Promise<number> {
  return (await auditChain(tx, key)).append(e);
}

/** Audit rows linked (each MAC over the one before) but not written yet: from `linkMany`. */
export interface LinkedAudit {
  readonly rows: readonly unknown[][];
}

export interface AuditChain {
  append(e: AuditEntry): Promise<number>;
  appendMany(es: readonly AuditEntry[]): Promise<void>;
  /**
   * Links many entries a slice at a time, giving the event loop a turn after each: an import links
   * its 100,000 rows (a MAC each) while its workers' COPY streams to PostgreSQL, instead of after.
   * Nothing else may append until `insertLinked` has written them, in this transaction.
   */
  linkMany(es: readonly AuditEntry[]): Promise<LinkedAudit>;
  insertLinked(linked: LinkedAudit): Promise<void>;
}

/** Entries linked between two turns of the event loop (a few milliseconds of MACs). */
const LINK_SLICE = 1_000;

/**
 * Appends entries chained in memory from one read of the head: a bulk import writes 100,000 of them.
 * Use within one transaction, with nothing else appending in between (the transaction's write lock).
 */
export async function auditChain(tx: WriteTx, key: AuditWriteKey): Promise<AuditChain> {
  // A keyed row before the signed cut-over exists could never be verified: refuse rather than
  // write history nobody can check (createEnv makes the cut-over when it binds the secret).
  // One statement for both: every write transaction appends, and on PostgreSQL each is a round trip.
  // The head row is locked until COMMIT: writers running beside each other (WriteOptions.shared)
  // append one after the other, each after the one before has committed.
  type Head = { cutover: number; last_id: number | null; hash: string | null };
  const head =
    (await tx.get<Head>(
      sql`SELECT (SELECT count(*) FROM audit_witness WHERE kind = 'cutover') AS cutover, last_id, hash
        FROM audit_head WHERE id = 1${sql.forUpdate}`,
    )) ??
    // No row yet: the chain's first append, made by a writer alone (the cut-over's own).
    (await tx.get<Head>(
      sql`SELECT count(*) AS cutover, NULL AS last_id, NULL AS hash FROM audit_witness WHERE kind = 'cutover'`,
    ))!;
  if (Number(head.cutover) === 0) {
    throw new AppError('INTERNAL', '审计链尚未启用密钥（缺少启用时签署的见证），拒绝写入审计记录');
  }
  let id = head.last_id ?? 0;
  let prev = head.hash ?? GENESIS_HASH;
  const link = (e: AuditEntry) => {
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
      client_address: e.clientAddress ?? null,
      client_kind: e.clientKind ?? null,
    };
    const hash = keyedRowHash(key, prev, row);
    const out = [
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
      row.client_address,
      row.client_kind,
    ];
    prev = hash;
    return out;
  };
  return {
    /** Many rows, linked in memory and inserted in bulk (an import's 100,000). */
    async appendMany(es) {
      await tx.insertMany('audit_log', AUDIT_COLUMNS, es.map(link));
    },
    async linkMany(es) {
      const rows: unknown[][] = [];
      for (let i = 0; i < es.length; i += LINK_SLICE) {
        for (const e of es.slice(i, i + LINK_SLICE)) rows.push(link(e));
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { rows };
    },
    async insertLinked(linked) {
      await tx.insertMany('audit_log', AUDIT_COLUMNS, linked.rows);
    },
    async append(e) {
      const values = link(e);
      // A plain INSERT, which PostgreSQL's driver prepares once: cheaper for one row than a COPY.
      await tx.run(
        sql`INSERT INTO audit_log (${sql.join(AUDIT_COLUMNS.map((c) => sql.ident(c)))}) VALUES (${sql.join(values.map((v) => (v ?? null) as SqlArg))})`,
      );
      return values[0] as number;
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

/** A row as listed: with the person's name today, which the log itself does not hold (only the login name). */
export interface ListedAuditRow extends AuditDbRow {
  display_name: string | null;
}

// A subquery, not a join: the filters below name audit_log's columns unqualified, and app_user has
// a username too.
const DISPLAY_NAME = sql`(SELECT u.display_name FROM app_user u WHERE u.id = a.user_id) AS display_name`;

function where(f: AuditFilter): Sql {
  const conds: Sql[] = [];
  if (f.entity) conds.push(sql`entity = ${f.entity}`);
  if (f.entityId) conds.push(sql`entity_id = ${f.entityId}`);
  if (f.from) conds.push(sql`at >= ${f.from}`);
  if (f.to) conds.push(sql`at < ${f.to}`);
  if (f.q) {
    const q = likeContains(f.q);
    conds.push(
      sql`(${sql.join(
        [
          ...['username', 'channel', 'entity_id', 'before_json', 'after_json'].map((c) => sql.ilike(sql.ident(c), q)),
          sql`user_id IN (SELECT u.id FROM app_user u WHERE ${sql.ilike(sql`u.display_name`, q)})`,
        ],
        sql` OR `,
      )})`,
    );
  }
  return sql.whereAll(conds);
}

export async function listAudit(
  db: Queryable,
  f: AuditFilter,
  limit: number,
  offset: number,
): Promise<{ rows: ListedAuditRow[]; total: number }> {
  const w = where(f);
  const total = Number(await db.value(sql`SELECT count(*) FROM audit_log ${w}`));
  const rows = await db.all<ListedAuditRow>(
    sql`SELECT a.*, ${DISPLAY_NAME} FROM audit_log a ${w} ORDER BY a.id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return { rows, total };
}

/**
 * Rows whose before or after holds any of `needles` (fingerprints, and the clear numbers that rows
 * written by older versions hold), newest first. A scan: it is an admin's occasional check.
 */
export async function listAuditContaining(
  db: Queryable,
  needles: readonly string[],
  limit: number,
  offset: number,
): Promise<{ rows: ListedAuditRow[]; total: number }> {
  if (needles.length === 0) return { rows: [], total: 0 };
  const conds = needles.map((n) => {
    const p = likeContains(n);
    return sql`before_json LIKE ${p} ESCAPE '\\' OR after_json LIKE ${p} ESCAPE '\\'`;
  });
  const w = sql`WHERE ${sql.join(conds, sql` OR `)}`;
  const total = Number(await db.value(sql`SELECT count(*) FROM audit_log ${w}`));
  const rows = await db.all<ListedAuditRow>(
    sql`SELECT a.*, ${DISPLAY_NAME} FROM audit_log a ${w} ORDER BY a.id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return { rows, total };
}

export function iterateAudit(db: Queryable): AsyncIterable<AuditDbRow> {
  return db.iterate<AuditDbRow>(sql`SELECT * FROM audit_log ORDER BY id`);
}

export async function auditHead(db: Queryable): Promise<{ last_id: number; hash: string } | undefined> {
  return (await db.get(sql`SELECT last_id, hash FROM audit_head WHERE id = 1`)) as
    { last_id: number; hash: string } | undefined;
}

/** How many rows each channel and action wrote since `since` (the daily digest's summary). */
export async function auditCountsSince(
  db: Queryable,
  since: string,
): Promise<{ channel: string; action: string; n: number }[]> {
  return (await db.all(
    sql`SELECT channel, action, count(*) AS n FROM audit_log WHERE at >= ${since} GROUP BY channel, action ORDER BY n DESC, channel, action`,
  )) as { channel: string; action: string; n: number }[];
}
