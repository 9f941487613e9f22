import type { PendingField, WorkerDetail, WorkerInput, WorkerListItem } from '../../../shared/contract/schemas/worker';
import type { TargetGroupCode } from '../../../shared/catalog/workerOptions';
import { maskIdNumber, maskPhone } from '../../../shared/domain/mask';
import { pinyinKey, pinyinQuery } from '../../../shared/domain/pinyin';
import type { Queryable, WriteTx } from '../driver/types';
import { likeContains, sql, type Sql, type SqlArg } from '../sql';

interface WorkerDbRow {
  id: number;
  id_number: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  ethnicity: string | null;
  education: WorkerDetail['education'];
  phone: string | null;
  township_code: string;
  township_name: string;
  village: string | null;
  address: string | null;
  household_type: WorkerDetail['householdType'];
  employment_status: WorkerDetail['employmentStatus'];
  address_code_unlisted: 0 | 1;
  created_at: string;
  updated_at: string;
  groups: string | null;
}

const SELECT = sql`
  SELECT w.*, t.name AS township_name,
         (SELECT ${sql.groupConcat(sql`group_code`)} FROM worker_target_group g WHERE g.worker_id = w.id) AS groups
  FROM worker w JOIN township t ON t.code = w.township_code`;

const groupsOf = (s: string | null) => (s ? (s.split(',') as TargetGroupCode[]) : []);

/** The fields a roster left out (NULL until a clerk completes them), in form order. */
function pendingOf(r: WorkerDbRow): PendingField[] {
  const out: PendingField[] = [];
  if (r.ethnicity === null) out.push('ethnicity');
  if (r.education === null) out.push('education');
  if (r.household_type === null) out.push('householdType');
  if (r.employment_status === null) out.push('employmentStatus');
  return out;
}

/** Same condition as migration 012's partial index worker_pending, so that the filter can use it. */
const PENDING_SQL = sql`w.ethnicity IS NULL OR w.education IS NULL OR w.household_type IS NULL OR w.employment_status IS NULL`;

function toDetail(r: WorkerDbRow): WorkerDetail {
  return {
    id: r.id,
    idNumber: r.id_number,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    birthYear: Number(r.birth_date.slice(0, 4)),
    ethnicity: r.ethnicity,
    education: r.education,
    phone: r.phone,
    townshipCode: r.township_code,
    townshipName: r.township_name,
    village: r.village,
    address: r.address,
    householdType: r.household_type,
    employmentStatus: r.employment_status,
    targetGroups: groupsOf(r.groups),
    pendingFields: pendingOf(r),
    addressCodeUnlisted: r.address_code_unlisted === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    masked: false,
  };
}

function toListItem(r: WorkerDbRow): WorkerListItem {
  return {
    id: r.id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    gender: r.gender,
    birthYear: Number(r.birth_date.slice(0, 4)),
    phoneMasked: maskPhone(r.phone),
    townshipCode: r.township_code,
    townshipName: r.township_name,
    targetGroups: groupsOf(r.groups),
    pendingFields: pendingOf(r),
  };
}

/**
 * `AND`-able condition confining a query to a clerk's townships (see core/townshipScope), or none
 * for county-wide. `col` is the worker's township column in the query.
 */
export function townshipCond(col: Sql, scope: readonly string[] | null | undefined): Sql[] {
  return scope ? [sql`${col} IN ${sql.in([...scope])}`] : [];
}

/** A worker by id; undefined when missing or outside `scope` (the two look the same). */
export async function getWorker(
  db: Queryable,
  id: number,
  scope?: readonly string[] | null,
): Promise<WorkerDetail | undefined> {
  const conds = [sql`w.id = ${id}`, ...townshipCond(sql`w.township_code`, scope)];
  const r = (await db.get(sql`${SELECT} ${sql.whereAll(conds)}`)) as WorkerDbRow | undefined;
  return r && toDetail(r);
}

/** Many workers by id (within `scope`), one query per 500: a batch judges thousands at once. */
export async function getWorkers(
  db: Queryable,
  ids: readonly number[],
  scope?: readonly string[] | null,
): Promise<Map<number, WorkerDetail>> {
  const out = new Map<number, WorkerDetail>();
  for (let i = 0; i < ids.length; i += 500) {
    const conds = [sql`w.id IN ${sql.in(ids.slice(i, i + 500))}`, ...townshipCond(sql`w.township_code`, scope)];
    for (const r of (await db.all(sql`${SELECT} ${sql.whereAll(conds)}`)) as WorkerDbRow[]) out.set(r.id, toDetail(r));
  }
  return out;
}

/** The worker already registered under an ID number, and who registered them when (for the refusal). */
export interface RegisteredWorker {
  id: number;
  name: string;
  townshipCode: string;
  createdAt: string;
  createdBy: string | null;
}

export async function findWorkerByIdNumber(db: Queryable, idNumber: string): Promise<RegisteredWorker | undefined> {
  return db.get<RegisteredWorker>(
    sql`SELECT w.id, w.name, w.township_code AS "townshipCode", w.created_at AS "createdAt",
               u.display_name AS "createdBy"
          FROM worker w LEFT JOIN app_user u ON u.id = w.created_by
         WHERE w.id_number = ${idNumber}`,
  );
}

/** What is stored: a roster may leave the pendable fields null (待补充); the form never does. */
export interface WorkerRecord extends Omit<
  WorkerInput,
  'allowUnlistedAddress' | 'ethnicity' | 'education' | 'householdType' | 'employmentStatus'
> {
  ethnicity: string | null;
  education: WorkerInput['education'] | null;
  householdType: WorkerInput['householdType'] | null;
  employmentStatus: WorkerInput['employmentStatus'] | null;
  gender: 'M' | 'F';
  birthDate: string;
  addressCodeUnlisted: boolean;
}

const COLUMNS = {
  id_number: 'idNumber',
  name: 'name',
  gender: 'gender',
  birth_date: 'birthDate',
  ethnicity: 'ethnicity',
  education: 'education',
  phone: 'phone',
  township_code: 'townshipCode',
  village: 'village',
  address: 'address',
  household_type: 'householdType',
  employment_status: 'employmentStatus',
} as const;

function params(w: WorkerRecord) {
  const out: Record<string, unknown> = {
    address_code_unlisted: w.addressCodeUnlisted ? 1 : 0,
    name_pinyin: pinyinKey(w.name),
  };
  for (const [col, key] of Object.entries(COLUMNS)) out[col] = w[key] ?? null;
  return out;
}

async function setGroups(db: WriteTx, workerId: number, groups: readonly string[], fresh = false) {
  if (!fresh) await db.run(sql`DELETE FROM worker_target_group WHERE worker_id = ${workerId}`);
  await db.insertMany(
    'worker_target_group',
    ['worker_id', 'group_code'],
    groups.map((g) => [workerId, g]),
  );
}

// name_pinyin is derived from the name on every write (migration 015), never given.
const WRITE_COLUMNS = [...Object.keys(COLUMNS), 'address_code_unlisted', 'name_pinyin'];
const COLUMN_KEYS = Object.values(COLUMNS);

/** Positional, in WRITE_COLUMNS order. */
function values(w: WorkerRecord): SqlArg[] {
  const out: SqlArg[] = COLUMN_KEYS.map((k) => (w[k] ?? null) as SqlArg);
  out.push(w.addressCodeUnlisted ? 1 : 0, pinyinKey(w.name));
  return out;
}

/** The bigrams of a name, each once: what worker_name_gram holds for it (migration 016). */
export function nameGrams(name: string): string[] {
  const chars = [...name];
  return [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]!))];
}

/**
 * Indexes these names by their bigrams; written with every name, as name_pinyin is. Exported for
 * the benchmarks' bulk fixtures, which insert workers below the repo.
 */
export async function indexWorkerNames(db: WriteTx, rows: readonly { id: number; name: string }[]): Promise<void> {
  await db.insertMany(
    'worker_name_gram',
    ['gram', 'worker_id'],
    rows.flatMap((r) => nameGrams(r.name).map((g) => [g, r.id])),
  );
}

export async function insertWorker(db: WriteTx, w: WorkerRecord, at: string, userId: number | null): Promise<number> {
  const id = Number(
    await db.value(sql`INSERT INTO worker (${sql.join(WRITE_COLUMNS.map(sql.ident))}, created_at, updated_at, created_by)
      VALUES (${sql.join(values(w))}, ${at}, ${at}, ${userId}) RETURNING id`),
  );
  await setGroups(db, id, w.targetGroups, true);
  await indexWorkerNames(db, [{ id, name: w.name }]);
  return id;
}

/**
 * Many workers at once (an import), under ids from `reserveIds('worker', …)`, in the order given:
 * their target groups and name bigrams are written without reading the ids back. The ID numbers
 * must not be registered yet.
 */
export async function insertWorkers(
  db: WriteTx,
  ws: readonly WorkerRecord[],
  ids: readonly number[],
  at: string,
  userId: number | null,
): Promise<void> {
  if (ws.length !== ids.length) throw new Error('insertWorkers: one id per worker');
  if (ws.length === 0) return;
  // Each row (its pinyin keys among its values) is made as the COPY takes it, so that PostgreSQL
  // stores the first workers while the later ones are still being made.
  await db.insertMany('worker', ['id', ...WRITE_COLUMNS, 'created_at', 'updated_at', 'created_by'], {
    length: ws.length,
    at: (k) => [ids[k], ...values(ws[k]!), at, at, userId],
  });
  await db.insertMany(
    'worker_target_group',
    ['worker_id', 'group_code'],
    ws.flatMap((w, k) => w.targetGroups.map((g) => [ids[k]!, g])),
  );
  await indexWorkerNames(
    db,
    ws.map((w, k) => ({ id: ids[k]!, name: w.name })),
  );
}

export async function updateWorker(db: WriteTx, id: number, w: WorkerRecord, at: string): Promise<void> {
  const p = params(w);
  const sets = WRITE_COLUMNS.map((c) => sql`${sql.ident(c)} = ${p[c] as SqlArg}`);
  const before = await db.value<string>(sql`SELECT name FROM worker WHERE id = ${id}`);
  await db.run(sql`UPDATE worker SET ${sql.join(sets)}, updated_at = ${at} WHERE id = ${id}`);
  await setGroups(db, id, w.targetGroups);
  if (before !== undefined && before !== w.name) {
    // By the primary key (gram, worker_id): the old name says which rows to remove.
    const old = nameGrams(before);
    if (old.length > 0)
      await db.run(sql`DELETE FROM worker_name_gram WHERE worker_id = ${id} AND gram IN ${sql.in(old)}`);
    await indexWorkerNames(db, [{ id, name: w.name }]);
  }
}

export interface WorkerQuery {
  q: string;
  townshipCode?: string | undefined;
  /** Only workers a roster left incomplete (待补充). */
  pending?: boolean | undefined;
  /** 所属乡镇: only these townships' workers (null: county-wide). */
  scope?: readonly string[] | null;
  limit: number;
  offset: number;
}

/**
 * A condition narrowing a name search to the workers whose names hold the query's last two bigrams
 * (migration 016's worker_name_gram), or null for a one-character query. The last ones: names share
 * their beginnings (a surname, a roster's prefix), so the end of what was typed is the rarer part.
 * The join reads one posting list and probes the other's primary key, on both engines.
 */
function nameGramCond(q: string): Sql | null {
  const [a, b] = nameGrams(q).slice(-2).reverse();
  if (!a) return null;
  if (!b) return sql`w.id IN (SELECT g.worker_id FROM worker_name_gram g WHERE g.gram = ${a})`;
  return sql`w.id IN (SELECT g.worker_id FROM worker_name_gram g
    JOIN worker_name_gram h ON h.gram = ${b} AND h.worker_id = g.worker_id WHERE g.gram = ${a})`;
}

/**
 * Search as you type: 4 digits (or 3 + X) match the last four of the ID number or the phone, each indexed;
 * other digit strings match ID number prefixes or phone numbers; letters match names or the start of
 * a word of their pinyin key (yang, ylh, lihua: see pinyinKey); anything else matches names, through
 * the name bigram index when it is two characters or more. Pinyin matches scan their column.
 */
export async function searchWorkers(
  db: Queryable,
  query: WorkerQuery,
): Promise<{ items: WorkerListItem[]; total: number }> {
  const q = query.q.replace(/[xｘ]/g, 'X');
  const conds: Sql[] = [];
  if (query.townshipCode) conds.push(sql`w.township_code = ${query.townshipCode}`);
  if (query.pending) conds.push(sql`(${PENDING_SQL})`);
  conds.push(...townshipCond(sql`w.township_code`, query.scope));
  // Digits (and X) only below, so LIKE sees no wildcard in them.
  if (/^\d{3}[\dX]$/.test(q)) {
    conds.push(sql`(w.id_last4 = ${q} OR w.phone_last4 = ${q})`);
  } else if (/^\d+X?$/.test(q)) {
    conds.push(sql`(w.id_number LIKE ${`${q}%`} OR w.id_number LIKE ${`%${q}%`} OR w.phone LIKE ${`%${q}%`})`);
  } else if (q !== '') {
    const py = pinyinQuery(q);
    // Letters only, so LIKE sees no wildcard in the pinyin pattern.
    if (py) conds.push(sql`(${sql.ilike(sql`w.name`, likeContains(q))} OR (' ' || w.name_pinyin) LIKE ${`% ${py}%`})`);
    else {
      const grams = nameGramCond(q);
      if (grams) conds.push(grams);
      conds.push(sql.ilike(sql`w.name`, likeContains(q)));
    }
  }
  const where = sql.whereAll(conds);
  const rows = await db.all<WorkerDbRow>(
    sql`${SELECT} ${where} ORDER BY w.updated_at DESC, w.id DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  // A page that is not full is the last one: it says how many there are without counting them.
  const last = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
  const total = last ? query.offset + rows.length : Number(await db.value(sql`SELECT count(*) FROM worker w ${where}`));
  return { items: rows.map(toListItem), total };
}

export async function townshipExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 FROM township WHERE code = ${code}`)) !== undefined;
}

/** The names of these townships, in the county's order (for messages). */
export async function townshipNames(db: Queryable, codes: readonly string[]): Promise<string[]> {
  return db.column<string>(sql`SELECT name FROM township WHERE code IN ${sql.in([...codes])} ORDER BY sort`);
}

export async function listTownships(db: Queryable): Promise<{ code: string; name: string }[]> {
  return (await db.all(sql`SELECT code, name FROM township ORDER BY sort`)) as { code: string; name: string }[];
}

export async function countWorkers(db: Queryable): Promise<number> {
  return Number(await db.value(sql`SELECT count(*) FROM worker`));
}

/** The workers a batch's filter selects, in id order. */
export async function workerIdsWhere(
  db: Queryable,
  f: { townshipCode?: string | undefined; targetGroup?: string | undefined },
  scope?: readonly string[] | null,
): Promise<number[]> {
  const conds: Sql[] = townshipCond(sql`w.township_code`, scope);
  if (f.townshipCode) conds.push(sql`w.township_code = ${f.townshipCode}`);
  if (f.targetGroup) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM worker_target_group g WHERE g.worker_id = w.id AND g.group_code = ${f.targetGroup})`,
    );
  }
  return db.column<number>(sql`SELECT w.id FROM worker w ${sql.whereAll(conds)} ORDER BY w.id`);
}

/** Which of these ID numbers are registered already, and to whom: asked a batch at a time. */
export async function registeredNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.all<{ id_number: string; name: string }>(
      sql`SELECT id_number, name FROM worker WHERE id_number IN ${sql.in(ids.slice(i, i + 500))}`,
    );
    for (const r of rows) found.set(r.id_number, r.name);
  }
  return found;
}

/** Workers written before migration 015, whose pinyin key is still to be computed (a partial index). */
export async function workersWithoutPinyin(db: Queryable, limit: number): Promise<{ id: number; name: string }[]> {
  return db.all<{ id: number; name: string }>(
    sql`SELECT id, name FROM worker WHERE name_pinyin IS NULL ORDER BY id LIMIT ${limit}`,
  );
}

/** Sets the pinyin keys of these workers from their names (updated_at untouched: nothing the clerk changed). */
export async function setWorkerPinyin(db: WriteTx, rows: readonly { id: number; name: string }[]): Promise<void> {
  for (const r of rows) await db.run(sql`UPDATE worker SET name_pinyin = ${pinyinKey(r.name)} WHERE id = ${r.id}`);
}
