import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export type WitnessKind = 'cutover' | 'daily' | 'backup' | 'status' | 'digest' | 'manual';

export interface WitnessDbRow {
  id: number;
  kind: WitnessKind;
  install_id: string;
  row_id: number;
  hash: string;
  at: string;
  keyed_from: number;
  kid: string;
  payload: string;
  signature: string;
}

/** Whether the database has the witness tables (a backup of an older version may not). */
export async function hasWitnessTables(db: Queryable): Promise<boolean> {
  // sqlite_schema exists on SQLite only: this ran on PostgreSQL too (audit verify, backup checks).
  return Number(await db.value(sql`SELECT ${sql.tableExists('audit_witness')}`)) === 1;
}

export async function insertWitness(db: WriteTx, w: Omit<WitnessDbRow, 'id'>): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO audit_witness (kind, install_id, row_id, hash, at, keyed_from, kid, payload, signature)
       VALUES (${w.kind}, ${w.install_id}, ${w.row_id}, ${w.hash}, ${w.at}, ${w.keyed_from}, ${w.kid}, ${w.payload}, ${w.signature}) RETURNING id`),
    ),
  );
}

/** Every stored witness, oldest first (a forger may have added cut-overs: all are returned). */
export async function listWitnesses(db: Queryable): Promise<WitnessDbRow[]> {
  return (await db.all(sql`SELECT * FROM audit_witness ORDER BY id`)) as WitnessDbRow[];
}

export async function hasCutover(db: Queryable): Promise<boolean> {
  return !!(await db.get(sql`SELECT 1 FROM audit_witness WHERE kind = 'cutover'`));
}

export async function latestWitness(db: Queryable, kind?: WitnessKind): Promise<WitnessDbRow | undefined> {
  return (
    kind
      ? await db.get(sql`SELECT * FROM audit_witness WHERE kind = ${kind} ORDER BY id DESC LIMIT 1`)
      : await db.get(sql`SELECT * FROM audit_witness ORDER BY id DESC LIMIT 1`)
  ) as WitnessDbRow | undefined;
}

export interface ReceivedWitness {
  install_id: string;
  row_id: number;
  hash: string;
  at: string;
  kid: string;
  envelope: string;
  received_at: string;
}

/** Keeps a head received from the bureau; the same one received twice is kept once. */
export async function insertReceivedWitness(db: WriteTx, w: ReceivedWitness): Promise<boolean> {
  return (
    (
      await db.run(sql`INSERT INTO received_witness (install_id, row_id, hash, at, kid, envelope, received_at)
       VALUES (${w.install_id}, ${w.row_id}, ${w.hash}, ${w.at}, ${w.kid}, ${w.envelope}, ${w.received_at}) ON CONFLICT DO NOTHING`)
    ).changes > 0
  );
}

export async function latestReceivedWitness(db: Queryable): Promise<ReceivedWitness | undefined> {
  return (await db.get(sql`SELECT * FROM received_witness ORDER BY row_id DESC, id DESC LIMIT 1`)) as
    ReceivedWitness | undefined;
}

/** The newest witnesses, newest first (the digest lists them). */
export async function recentWitnesses(db: Queryable, limit: number): Promise<WitnessDbRow[]> {
  return (await db.all(sql`SELECT * FROM audit_witness ORDER BY id DESC LIMIT ${limit}`)) as WitnessDbRow[];
}
