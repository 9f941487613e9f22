// What a shared writer (WriteOptions.shared: a redemption) may not do: write one of the stamped
// reference tables. Shared writers run beside each other under one stamp, read at BEGIN, and the
// catalogue reads kept under that stamp (stableReads.ts) are good only because no writer holding it
// changes those tables: an exclusive writer's change replaces the stamp before anyone reads under it
// again, a shared writer's would not be seen by the one beside it. So the rule is enforced here, on
// both engines (a shared channel's tests on SQLite catch it too), rather than left to a comment.
import type { Sql } from '../sql';
import { perText, STAMPED_TABLES } from './stableReads';
import type { Rows, WriteTx } from './types';

/** The table after each writing keyword, wherever it stands (a data-modifying WITH, RETURNING …). */
const TARGET =
  /\b(?:INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO|COPY)\s+(?:ONLY\s+)?"?([A-Za-z_][A-Za-z0-9_]*)/gi;
const LITERAL = /'(?:[^']|'')*'/g;

/** The stamped table the statement writes, or null. */
export const stampedTableWritten: (text: string) => string | null = perText((text) => {
  for (const m of text.replace(LITERAL, "''").matchAll(TARGET)) {
    if (STAMPED_TABLES.has(m[1]!.toLowerCase())) return m[1]!.toLowerCase();
  }
  return null;
});

function refused(table: string): Error {
  return new Error(
    `a shared write may not write the stamped table ${table}: reads kept under the stamp would go stale (WriteOptions.shared)`,
  );
}

/** The transaction, refusing before it reaches the engine any statement that writes a stamped table. */
export function sharedWriteGuard(tx: WriteTx): WriteTx {
  const check = (q: Sql) => {
    const table = stampedTableWritten(q.render(tx.engine).text);
    if (table !== null) throw refused(table);
  };
  return {
    ...tx,
    all: async (q) => (check(q), tx.all(q)),
    get: async (q) => (check(q), tx.get(q)),
    value: async (q) => (check(q), tx.value(q)),
    column: async (q) => (check(q), tx.column(q)),
    iterate: (q, batch) => (check(q), tx.iterate(q, batch)),
    run: async (q) => (check(q), tx.run(q)),
    insertMany: async (table: string, columns: readonly string[], rows: Rows) => {
      if (STAMPED_TABLES.has(table.toLowerCase())) throw refused(table);
      return tx.insertMany(table, columns, rows);
    },
  } as WriteTx;
}
