import type { Migration } from '../migration';

// The audit chain's head on PostgreSQL, moved once per statement (issue 15). Frozen once landed.
//
// audit_head is one row that follows the newest audit row. A row-level trigger updated it once per
// audit row; PostgreSQL keeps every version of a row updated within a transaction, and each update
// walks the versions before it, so an import of n workers (one audit row each, in one transaction)
// cost O(n²): 100,000 took 98 s, against 2 s for COPY of the same rows. A statement-level trigger
// reads the statement's new rows (a transition table) and moves the head once, to the highest id.
// The head is the same after every statement, as the chain checks require; single-row inserts cost
// the same as before. SQLite updates a row in place and keeps its row-level trigger (001): nothing
// changes there, and tests/db/schemaParity.test.ts names this one difference.
export const m017: Migration = {
  version: 17,
  name: 'audit head moved once per statement on PostgreSQL',
  up: '-- PostgreSQL only (see pg).',
  pg: `
DROP TRIGGER audit_log_head ON audit_log;
CREATE OR REPLACE FUNCTION audit_log_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_head (id, last_id, hash)
    SELECT 1, n.id, n.hash FROM audit_new_rows n ORDER BY n.id DESC LIMIT 1
  ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log REFERENCING NEW TABLE AS audit_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_head();
`,
};
