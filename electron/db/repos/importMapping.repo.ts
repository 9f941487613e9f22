// Column mappings clerks chose for rosters, per header signature (migration 012), so that the
// next file with the same headers is read the same way.
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

/** Every remembered mapping: [signature, field (or null) per column]. A few dozen rows at most. */
export async function listImportMappings(db: Queryable): Promise<[string, (string | null)[]][]> {
  const rows = (await db.all(sql`SELECT signature, mapping FROM import_mapping`)) as {
    signature: string;
    mapping: string;
  }[];
  return rows.map((r) => [r.signature, JSON.parse(r.mapping) as (string | null)[]]);
}

export async function saveImportMapping(
  db: WriteTx,
  m: { signature: string; headers: string[]; mapping: (string | null)[] },
  at: string,
  userId: number | null,
): Promise<void> {
  await db.run(sql`INSERT INTO import_mapping (signature, headers, mapping, updated_at, updated_by) VALUES (${m.signature}, ${JSON.stringify(m.headers)}, ${JSON.stringify(m.mapping)}, ${at}, ${userId})
     ON CONFLICT (signature) DO UPDATE SET headers = excluded.headers, mapping = excluded.mapping,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}
