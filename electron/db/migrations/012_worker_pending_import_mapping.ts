import type { Migration } from '../migration';

// Townships' own rosters (issue 13 §1). Frozen once landed.
//
// A roster rarely says a worker's 民族, 文化程度, 户口性质 or 就业状态. Rather than invent a value,
// the worker is registered with those fields empty (NULL) — 待补充 — until a clerk fills them in;
// voucher issuance refuses such a worker. SQLite cannot relax NOT NULL in place, and rebuilding the
// worker table would mean dropping a table that vouchers and archives reference, so each column is
// replaced: a nullable copy with the same check is added, filled, the old one dropped (SQLite
// rewrites the table) and the copy renamed. No index, view or trigger names these columns.
const PENDABLE: [column: string, check: string][] = [
  ['ethnicity', "GLOB '*族'"],
  ['education', "IN ('postgraduate', 'bachelor', 'college', 'vocational', 'high_school', 'junior', 'primary', 'none')"],
  ['household_type', "IN ('agricultural', 'non_agricultural')"],
  ['employment_status', "IN ('employed', 'flexible', 'farming', 'unemployed', 'student', 'retired', 'other')"],
];

const relax = ([c, check]: [string, string]) => `
ALTER TABLE worker ADD COLUMN ${c}_014 TEXT CHECK (${c}_014 IS NULL OR ${c}_014 ${check});
UPDATE worker SET ${c}_014 = ${c};
ALTER TABLE worker DROP COLUMN ${c};
ALTER TABLE worker RENAME COLUMN ${c}_014 TO ${c};`;

export const m012: Migration = {
  version: 12,
  name: 'worker fields to be completed (待补充), remembered import column mappings',
  up: `
${PENDABLE.map(relax).join('\n')}

-- The 待补充 filter of the worker list reads this index only (newest first, as the list sorts).
CREATE INDEX worker_pending ON worker(updated_at DESC, id DESC)
  WHERE ethnicity IS NULL OR education IS NULL OR household_type IS NULL OR employment_status IS NULL;

-- How a clerk mapped a roster's columns to fields, per header signature (SHA-256 of its normalised
-- header cells), offered again for the next file with the same headers.
CREATE TABLE import_mapping (
  signature  TEXT PRIMARY KEY CHECK (length(signature) = 64 AND signature NOT GLOB '*[^0-9a-f]*'),
  headers    TEXT NOT NULL CHECK (json_valid(headers) AND json_type(headers) = 'array'),
  mapping    TEXT NOT NULL CHECK (json_valid(mapping) AND json_type(mapping) = 'array'),
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES app_user(id)
) STRICT;
`,
};
