import type { Migration } from '../migration';

// Search indexes for the county server (issue 14). Frozen once landed.
//
// worker_name_gram: every two-character piece of each worker's name, kept by triggers on both
// engines, so that a name search ("李华", "工人五六") reads one short posting list instead of every
// name: the county server answers searches from many windows at once. Bigrams only: a
// one-character query still scans (rare, and cheap enough), and every query of two or more
// characters contains a bigram that each matching name has too. The search keeps its LIKE on the
// name, so the index only narrows the candidates and can never change what is found.
//
// worker.phone_last4: the last four digits of the phone, indexed, for the four-digit search box
// query (phone is exactly 11 digits by its CHECK), instead of `phone LIKE '%1234'` over every row.
//
// voucher_replaces: a voucher's replacement is looked up (getVoucher) with every redemption and
// every opened voucher; without an index each lookup read the whole voucher table, twice.
//
// SQLite refuses a WITH clause inside a trigger, so the positions 1–29 (a name has at most 30
// characters) come from an inline VALUES list; both engines name its column column1.
const POSITIONS = `(VALUES ${Array.from({ length: 29 }, (_, i) => `(${i + 1})`).join(', ')}) AS p`;
const gramsOf = (name: string, id: string) =>
  `SELECT DISTINCT substr(${name}, p.column1, 2), ${id} FROM ${POSITIONS} WHERE p.column1 < length(${name})`;

export const m016: Migration = {
  version: 16,
  name: 'name bigram index, last four digits of the phone, replaced vouchers',
  up: `
CREATE TABLE worker_name_gram (
  gram      TEXT NOT NULL CHECK (length(gram) = 2),
  worker_id INTEGER NOT NULL REFERENCES worker(id),
  PRIMARY KEY (gram, worker_id)
) STRICT;
CREATE INDEX worker_name_gram_worker ON worker_name_gram(worker_id);
INSERT INTO worker_name_gram (gram, worker_id) ${gramsOf('w.name', 'w.id').replace('FROM', 'FROM worker w,')};

CREATE TRIGGER worker_name_gram_insert AFTER INSERT ON worker BEGIN
  INSERT INTO worker_name_gram (gram, worker_id) ${gramsOf('NEW.name', 'NEW.id')};
END;
CREATE TRIGGER worker_name_gram_update AFTER UPDATE OF name ON worker WHEN NEW.name <> OLD.name BEGIN
  DELETE FROM worker_name_gram WHERE worker_id = NEW.id;
  INSERT INTO worker_name_gram (gram, worker_id) ${gramsOf('NEW.name', 'NEW.id')};
END;

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
CREATE INDEX worker_name_gram_worker ON worker_name_gram (worker_id);
INSERT INTO worker_name_gram (gram, worker_id) ${gramsOf('w.name', 'w.id').replace('FROM', 'FROM worker w,')};

CREATE FUNCTION worker_name_gram() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM worker_name_gram WHERE worker_id = NEW.id;
  END IF;
  INSERT INTO worker_name_gram (gram, worker_id) ${gramsOf('NEW.name', 'NEW.id')};
  RETURN NULL;
END $$;
CREATE TRIGGER worker_name_gram_insert AFTER INSERT ON worker
  FOR EACH ROW EXECUTE FUNCTION worker_name_gram();
CREATE TRIGGER worker_name_gram_update AFTER UPDATE OF name ON worker
  FOR EACH ROW WHEN (NEW.name <> OLD.name) EXECUTE FUNCTION worker_name_gram();

-- VIRTUAL in SQLite; PostgreSQL 15 has STORED generated columns only (same values).
ALTER TABLE worker ADD COLUMN phone_last4 text GENERATED ALWAYS AS (substr(phone, 8, 4)) STORED;
CREATE INDEX worker_phone_last4 ON worker (phone_last4);

CREATE INDEX voucher_replaces ON voucher (replaces_id) WHERE replaces_id IS NOT NULL;
`,
};
