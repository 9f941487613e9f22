import type { Migration } from '../migration';

// A stamp that changes with every write to the reference tables. Frozen once landed.
//
// On PostgreSQL every write transaction waits for the one writers' lock, and a redemption spent 8 of
// its 22 statements inside that lock re-reading the same few rows (the institution and its approved
// trades, the plan, the occupation, the subsidy standard, the settings, the signing key): the
// catalogue, which changes a few times a year. The driver keeps such reads between transactions
// (electron/db/driver/stableReads.ts) for as long as this stamp, read under the lock, is the one they
// were read under. Every INSERT, UPDATE and DELETE of these tables sets a new random stamp in the
// same transaction (whoever writes, the app or a person at psql), so a kept read is never older than
// what the stamp says. Random, not a counter: a database restored from a backup brings back the
// stamp of the rows it brings back. SQLite keeps no reads between transactions; it carries the same
// table and triggers so that the two schemas stay equal (and a file moved to PostgreSQL keeps its
// stamp right). PostgreSQL fires its triggers once per statement, not per row.
const TABLES = [
  'setting',
  'signing_key',
  'institution',
  'institution_approval',
  'plan',
  'plan_group',
  'plan_subtarget',
  'occupation',
  'subsidy_standard',
  'township',
  'fund_source',
  'level_min_hours',
];
const EVENTS = ['INSERT', 'UPDATE', 'DELETE'];
const each = (f: (table: string, event: string) => string) =>
  TABLES.flatMap((t) => EVENTS.map((e) => f(t, e))).join('\n');

export const m026: Migration = {
  version: 26,
  name: 'a stamp of the reference tables, for reads kept between transactions',
  up: `
CREATE TABLE ref_stamp (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  stamp TEXT NOT NULL CHECK (length(stamp) BETWEEN 16 AND 64)
) STRICT;
INSERT INTO ref_stamp (id, stamp) VALUES (1, lower(hex(randomblob(16))));
${each(
  (t, e) =>
    `CREATE TRIGGER ${t}_stamp_${e.toLowerCase()} AFTER ${e} ON ${t} BEGIN UPDATE ref_stamp SET stamp = lower(hex(randomblob(16))) WHERE id = 1; END;`,
)}
`,
  pg: `
CREATE TABLE ref_stamp (
  id integer PRIMARY KEY CHECK (id = 1),
  stamp text NOT NULL CHECK (length(stamp) BETWEEN 16 AND 64)
);
INSERT INTO ref_stamp (id, stamp) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
CREATE FUNCTION longling_ref_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ref_stamp SET stamp = replace(gen_random_uuid()::text, '-', '') WHERE id = 1;
  RETURN NULL;
END $$;
${each(
  (t, e) =>
    `CREATE TRIGGER ${t}_stamp_${e.toLowerCase()} AFTER ${e} ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION longling_ref_stamp();`,
)}
`,
};
