import type { Migration } from '../migration';

// The worker's training archive beyond vouchers: competitions and honours, employment after
// training, trainings from before the system, and printed archive extracts. Frozen once landed.
export const m007: Migration = {
  version: 7,
  name: 'archive: honours, employment, historical trainings, extracts',
  up: `
CREATE TABLE honour (
  id         INTEGER PRIMARY KEY,
  worker_id  INTEGER NOT NULL REFERENCES worker(id),
  kind       TEXT NOT NULL CHECK (kind IN ('competition', 'title')),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 2 AND 80),
  rank       TEXT NOT NULL CHECK (rank IN ('national', 'provincial', 'municipal', 'county', 'enterprise')),
  award      TEXT NOT NULL CHECK (length(award) BETWEEN 1 AND 30),
  year       INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2100),
  issuer     TEXT NOT NULL DEFAULT '',
  historical INTEGER NOT NULL DEFAULT 0 CHECK (historical IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX honour_worker ON honour(worker_id);

CREATE TABLE employment_record (
  id         INTEGER PRIMARY KEY,
  worker_id  INTEGER NOT NULL REFERENCES worker(id),
  kind       TEXT NOT NULL CHECK (kind IN ('employed', 'self_employed', 'business')),
  employer   TEXT NOT NULL DEFAULT '' CHECK (length(employer) <= 80),
  started_on TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX employment_record_worker ON employment_record(worker_id);

CREATE TABLE historical_training (
  id               INTEGER PRIMARY KEY,
  worker_id        INTEGER NOT NULL REFERENCES worker(id),
  institution_name TEXT NOT NULL CHECK (length(institution_name) BETWEEN 2 AND 100),
  occupation_code  TEXT NOT NULL,
  level            TEXT NOT NULL,
  start_date       TEXT NOT NULL,
  end_date         TEXT NOT NULL CHECK (end_date >= start_date),
  hours            INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 5000),
  result           TEXT NOT NULL CHECK (result IN ('passed', 'failed', 'unknown')),
  note             TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX historical_training_worker ON historical_training(worker_id);
CREATE INDEX certificate_worker ON certificate(worker_id);

CREATE TABLE archive_extract (
  number        TEXT PRIMARY KEY,
  year          INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  worker_id     INTEGER NOT NULL REFERENCES worker(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT,
  full_id_shown INTEGER NOT NULL CHECK (full_id_shown IN (0, 1)),
  digest        TEXT NOT NULL CHECK (length(digest) = 64),
  snapshot      TEXT NOT NULL,
  UNIQUE (year, seq)
) STRICT;
`,
};
