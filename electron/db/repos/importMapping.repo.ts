// Column mappings clerks chose for rosters, per header signature (migration 014), so that the
// next file with the same headers is read the same way.
import type { Db } from '../connection';
import { prep } from '../prepared';

/** Every remembered mapping: [signature, field (or null) per column]. A few dozen rows at most. */
export function listImportMappings(db: Db): [string, (string | null)[]][] {
  const rows = prep(db, 'SELECT signature, mapping FROM import_mapping').all() as {
    signature: string;
    mapping: string;
  }[];
  return rows.map((r) => [r.signature, JSON.parse(r.mapping) as (string | null)[]]);
}

export function saveImportMapping(
  db: Db,
  m: { signature: string; headers: string[]; mapping: (string | null)[] },
  at: string,
  userId: number | null,
): void {
  prep(
    db,
    `INSERT INTO import_mapping (signature, headers, mapping, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET headers = excluded.headers, mapping = excluded.mapping,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(m.signature, JSON.stringify(m.headers), JSON.stringify(m.mapping), at, userId);
}
