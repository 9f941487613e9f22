import type { Migration } from '../migration';

// Search indexes for the county server (issue 14). Frozen once landed.
//
// worker_name_gram: every two-character piece (bigram) of each worker's name, so that a name search
// ("李华", "工人五六") reads one short posting list instead of every name: the county server answers
// searches from many windows at once. Bigrams only: a one-character query still scans (cheap
// enough), and every query of two or more characters contains a bigram that each matching name
// has too. The search keeps its LIKE on the name, so the index only narrows the candidates.
// The repo writes the bigrams with each name (as it writes name_pinyin), in the same statement
// batches as an import: a trigger per row would triple the cost of importing 100,000 workers.
// This migration indexes the names already there. WITHOUT ROWID on SQLite: the primary key is the
// table, one B-tree to write instead of two.
//
// worker.phone_last4: the last four digits of the phone, indexed, for the four-digit search box
// query (phone is exactly 11 digits by its CHECK), instead of `phone LIKE '%1234'` over every row.
//
// voucher_replaces: a voucher's replacement is looked up (getVoucher) with every redemption and
// every opened voucher; without an index each lookup read the whole voucher table, twice.
//
// The positions 1–29 (a name has at most 30 characters) come from an inline VALUES list, whose
// column both engines name column1.
const POSITIONS = `(VALUES ${Array.from({ length: 29 }, (_, i) => `(${i + 1})`).join(', ')}) AS p`;
const BACKFILL = `INSERT INTO worker_name_gram (gram, worker_id)
SELECT DISTINCT substr(w.name, p.column1, 2), w.id FROM worker w, ${POSITIONS} WHERE p.column1 < length(w.name);`;

export const m016: Migration = {
  version: 16,
  name: 'name bigram index, last four digits of the phone, replaced vouchers',
  up: `
CREATE TABLE worker_name_gram (
  gram      TEXT NOT NULL CHECK (length(gram) = 2),
  worker_id INTEGER NOT NULL REFERENCES worker(id),
  PRIMARY KEY (gram, worker_id)
) STRICT, WITHOUT ROWID;
${BACKFILL}

ALTER TABLE worker ADD COLUMN phone_last4 TEXT GENERATED ALWAYS AS (substr(phone, 8, 4)) VIRTUAL;
CREATE INDEX worker_phone_last4 ON worker(phone_last4);

CREATE INDEX voucher_replaces ON voucher(replaces_id) WHERE replaces_id IS NOT NULL;
`,
  pg: `
CREATE TABLE worker_name_gram (
  gram      text NOT NULL CHECK (length(gram) = 2),
  worker_id bigint NOT NULL REFERENCES worker(id),
  PRIMARY KEY (gram, worker_id)
);
${BACKFILL}

-- VIRTUAL in SQLite; PostgreSQL 15 has STORED generated columns only (same values).
ALTER TABLE worker ADD COLUMN phone_last4 text GENERATED ALWAYS AS (substr(phone, 8, 4)) STORED;
CREATE INDEX worker_phone_last4 ON worker (phone_last4);

CREATE INDEX voucher_replaces ON voucher (replaces_id) WHERE replaces_id IS NOT NULL;
`,
};
