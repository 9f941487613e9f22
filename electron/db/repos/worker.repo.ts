import type { PendingField, WorkerDetail, WorkerInput, WorkerListItem } from '../../../shared/contract/schemas/worker';
import type { TargetGroupCode } from '../../../shared/catalog/workerOptions';
import { maskIdNumber, maskPhone } from '../../../shared/domain/mask';
import type { Db } from '../connection';
import { prep } from '../prepared';

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

const SELECT = `
  SELECT w.*, t.name AS township_name,
         (SELECT group_concat(group_code) FROM worker_target_group g WHERE g.worker_id = w.id) AS groups
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

/** Same condition as migration 014's partial index worker_pending, so that the filter can use it. */
const PENDING_SQL =
  'w.ethnicity IS NULL OR w.education IS NULL OR w.household_type IS NULL OR w.employment_status IS NULL';

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

export function getWorker(db: Db, id: number): WorkerDetail | undefined {
  const r = prep(db, `${SELECT} WHERE w.id = ?`).get(id) as WorkerDbRow | undefined;
  return r && toDetail(r);
}

export function findWorkerByIdNumber(db: Db, idNumber: string): { id: number; name: string } | undefined {
  return prep(db, 'SELECT id, name FROM worker WHERE id_number = ?').get(idNumber) as
    { id: number; name: string } | undefined;
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
  const out: Record<string, unknown> = { address_code_unlisted: w.addressCodeUnlisted ? 1 : 0 };
  for (const [col, key] of Object.entries(COLUMNS)) out[col] = w[key] ?? null;
  return out;
}

function setGroups(db: Db, workerId: number, groups: readonly string[], fresh = false) {
  if (!fresh) prep(db, 'DELETE FROM worker_target_group WHERE worker_id = ?').run(workerId);
  const ins = prep(db, 'INSERT INTO worker_target_group (worker_id, group_code) VALUES (?, ?)');
  for (const g of groups) ins.run(workerId, g);
}

const WRITE_COLUMNS = [...Object.keys(COLUMNS), 'address_code_unlisted'];
// Built once: a bulk import inserts tens of thousands of rows through the same statement.
const INSERT_SQL = `INSERT INTO worker (${WRITE_COLUMNS.join(', ')}, created_at, updated_at, created_by)
  VALUES (${WRITE_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`;
const COLUMN_KEYS = Object.values(COLUMNS);

/** Positional, in WRITE_COLUMNS order: binding by name cost a third of a bulk import's insert time. */
function values(w: WorkerRecord): unknown[] {
  const out: unknown[] = COLUMN_KEYS.map((k) => w[k] ?? null);
  out.push(w.addressCodeUnlisted ? 1 : 0);
  return out;
}
const UPDATE_SQL = `UPDATE worker SET ${WRITE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`;

export function insertWorker(db: Db, w: WorkerRecord, at: string, userId: number | null): number {
  const id = Number(prep(db, INSERT_SQL).run(...values(w), at, at, userId).lastInsertRowid);
  setGroups(db, id, w.targetGroups, true);
  return id;
}

export function updateWorker(db: Db, id: number, w: WorkerRecord, at: string): void {
  prep(db, UPDATE_SQL).run({
    ...params(w),
    at,
    id,
  });
  setGroups(db, id, w.targetGroups);
}

export interface WorkerQuery {
  q: string;
  townshipCode?: string | undefined;
  pending?: boolean | undefined;
  limit: number;
  offset: number;
}

/**
 * Search as you type: 4 digits (or 3 + X) match the ID number's last four through an index;
 * other digit strings match ID number prefixes or phone numbers; anything else matches names.
 */
export function searchWorkers(db: Db, query: WorkerQuery): { items: WorkerListItem[]; total: number } {
  const q = query.q.replace(/[xｘ]/g, 'X');
  const conds: string[] = [];
  const p: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  if (query.townshipCode) {
    conds.push('w.township_code = @township');
    p.township = query.townshipCode;
  }
  if (query.pending) conds.push(`(${PENDING_SQL})`);
  if (/^\d{3}[\dX]$/.test(q)) {
    conds.push('(w.id_last4 = @q OR w.phone GLOB @phoneTail)');
    p.q = q;
    p.phoneTail = `*${q}`;
  } else if (/^\d+X?$/.test(q)) {
    conds.push('(w.id_number GLOB @prefix OR w.id_number GLOB @anywhere OR w.phone GLOB @anywhere)');
    p.prefix = `${q}*`;
    p.anywhere = `*${q}*`;
  } else if (q !== '') {
    conds.push("w.name LIKE @name ESCAPE '\\'");
    p.name = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const total = (prep(db, `SELECT count(*) AS n FROM worker w ${where}`).get(p) as { n: number }).n;
  const rows = prep(db, `${SELECT} ${where} ORDER BY w.updated_at DESC, w.id DESC LIMIT @limit OFFSET @offset`).all(
    p,
  ) as WorkerDbRow[];
  return { items: rows.map(toListItem), total };
}

export function townshipExists(db: Db, code: string): boolean {
  return prep(db, 'SELECT 1 FROM township WHERE code = ?').get(code) !== undefined;
}

export function listTownships(db: Db): { code: string; name: string }[] {
  return prep(db, 'SELECT code, name FROM township ORDER BY sort').all() as { code: string; name: string }[];
}
