import type { Migration } from '../migration';

// Townships and real-name worker registration. Frozen once landed: never edit, add a new migration.
export const m002: Migration = {
  version: 2,
  name: 'townships and workers',
  up: `
CREATE TABLE township (
  code TEXT PRIMARY KEY CHECK (length(code) = 9 AND code NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL UNIQUE,
  sort INTEGER NOT NULL
) STRICT;

CREATE TABLE worker (
  id                    INTEGER PRIMARY KEY,
  id_number             TEXT NOT NULL UNIQUE CHECK (
                          length(id_number) = 18
                          AND substr(id_number, 1, 17) NOT GLOB '*[^0-9]*'
                          AND substr(id_number, 18, 1) GLOB '[0-9X]'),
  id_last4              TEXT GENERATED ALWAYS AS (substr(id_number, 15, 4)) VIRTUAL,
  name                  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
  gender                TEXT NOT NULL CHECK (gender IN ('M', 'F')),
  birth_date            TEXT NOT NULL CHECK (birth_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  ethnicity             TEXT NOT NULL CHECK (ethnicity GLOB '*族'),
  education             TEXT NOT NULL CHECK (education IN
                          ('postgraduate', 'bachelor', 'college', 'vocational', 'high_school', 'junior', 'primary', 'none')),
  phone                 TEXT CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
  township_code         TEXT NOT NULL REFERENCES township(code),
  village               TEXT CHECK (village IS NULL OR length(village) <= 50),
  address               TEXT CHECK (address IS NULL OR length(address) <= 100),
  household_type        TEXT NOT NULL CHECK (household_type IN ('agricultural', 'non_agricultural')),
  employment_status     TEXT NOT NULL CHECK (employment_status IN
                          ('employed', 'flexible', 'farming', 'unemployed', 'student', 'retired', 'other')),
  address_code_unlisted INTEGER NOT NULL DEFAULT 0 CHECK (address_code_unlisted IN (0, 1)),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  created_by            INTEGER REFERENCES app_user(id)
) STRICT;
CREATE INDEX worker_id_last4 ON worker(id_last4);
CREATE INDEX worker_name ON worker(name);
CREATE INDEX worker_phone ON worker(phone);
CREATE INDEX worker_township ON worker(township_code);

CREATE TABLE worker_target_group (
  worker_id  INTEGER NOT NULL REFERENCES worker(id) ON DELETE CASCADE,
  group_code TEXT NOT NULL CHECK (group_code IN (
    'rural_labor', 'poverty_alleviated', 'low_income', 'graduate', 'forest_ranger', 'veteran', 'disabled',
    'unemployed', 'enterprise_employee', 'care_worker', 'migrant_worker', 'returnee_entrepreneur')),
  PRIMARY KEY (worker_id, group_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX worker_target_group_code ON worker_target_group(group_code);
`,
};
