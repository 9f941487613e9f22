import type { Db } from '../connection';
import { prep } from '../prepared';

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
export function hasWitnessTables(db: Db): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_witness'").get();
}

export function insertWitness(db: Db, w: Omit<WitnessDbRow, 'id'>): number {
  return Number(
    prep(
      db,
      `INSERT INTO audit_witness (kind, install_id, row_id, hash, at, keyed_from, kid, payload, signature)
       VALUES (@kind, @install_id, @row_id, @hash, @at, @keyed_from, @kid, @payload, @signature)`,
    ).run(w).lastInsertRowid,
  );
}

/** Every stored witness, oldest first (a forger may have added cut-overs: all are returned). */
export function listWitnesses(db: Db): WitnessDbRow[] {
  return db.prepare('SELECT * FROM audit_witness ORDER BY id').all() as WitnessDbRow[];
}

export function hasCutover(db: Db): boolean {
  return !!prep(db, "SELECT 1 FROM audit_witness WHERE kind = 'cutover'").get();
}

export function latestWitness(db: Db, kind?: WitnessKind): WitnessDbRow | undefined {
  return (
    kind
      ? prep(db, 'SELECT * FROM audit_witness WHERE kind = ? ORDER BY id DESC LIMIT 1').get(kind)
      : prep(db, 'SELECT * FROM audit_witness ORDER BY id DESC LIMIT 1').get()
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
export function insertReceivedWitness(db: Db, w: ReceivedWitness): boolean {
  return (
    prep(
      db,
      `INSERT OR IGNORE INTO received_witness (install_id, row_id, hash, at, kid, envelope, received_at)
       VALUES (@install_id, @row_id, @hash, @at, @kid, @envelope, @received_at)`,
    ).run(w).changes > 0
  );
}

export function latestReceivedWitness(db: Db): ReceivedWitness | undefined {
  return prep(db, 'SELECT * FROM received_witness ORDER BY row_id DESC, id DESC LIMIT 1').get() as
    ReceivedWitness | undefined;
}

/** The newest witnesses, newest first (the digest lists them). */
export function recentWitnesses(db: Db, limit: number): WitnessDbRow[] {
  return prep(db, 'SELECT * FROM audit_witness ORDER BY id DESC LIMIT ?').all(limit) as WitnessDbRow[];
}
