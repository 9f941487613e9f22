import type { Migration } from '../migration';

// The name bigram index without its foreign key (issue 15). Frozen once landed.
//
// worker_name_gram (migration 016) is an index the worker repo writes with each name, in the same
// statements as the worker rows; nothing reads it except a search that joins it to worker, and
// workers are never deleted. Its foreign key was checked once per bigram row: on PostgreSQL that is
// a trigger and a key-share lookup of the worker per row, two thirds of what an import of 100,000
// workers spent writing their bigrams (3.0 s of 3.1 s before, 1.1 s without). A bigram that named no
// worker would find nothing: the join drops it. The primary key and the CHECK stay.
//
// SQLite cannot drop a constraint: the table is rebuilt with its rows (WITHOUT ROWID, as before).
export const m018: Migration = {
  version: 18,
  name: 'name bigram index without a foreign key',
  up: `
CREATE TABLE worker_name_gram_new (
  gram      TEXT NOT NULL CHECK (length(gram) = 2),
  worker_id INTEGER NOT NULL,
  PRIMARY KEY (gram, worker_id)
) STRICT, WITHOUT ROWID;
INSERT INTO worker_name_gram_new (gram, worker_id) SELECT gram, worker_id FROM worker_name_gram;
DROP TABLE worker_name_gram;
ALTER TABLE worker_name_gram_new RENAME TO worker_name_gram;
`,
  pg: `
ALTER TABLE worker_name_gram DROP CONSTRAINT worker_name_gram_worker_id_fkey;
`,
};
