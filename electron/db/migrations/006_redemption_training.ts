import type { Migration } from '../migration';

// Redemption and training progress, keyed by voucher serial so that the same tables serve the
// bureau's install and an institution's offline install (which has no voucher rows of its own).
// Also the keys and packages of the file exchange between them. Frozen once landed.
export const m006: Migration = {
  version: 6,
  name: 'redemption, training progress, institution exchange',
  up: `
CREATE TABLE redemption (
  serial           TEXT PRIMARY KEY,
  institution_code TEXT NOT NULL,
  redeemed_at      TEXT NOT NULL,
  redeemed_by      TEXT,
  holder_confirmed INTEGER NOT NULL CHECK (holder_confirmed IN (0, 1)),
  qr_text          TEXT NOT NULL,
  source           TEXT NOT NULL CHECK (source IN ('local', 'claim')),
  record_uid       TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX redemption_institution ON redemption(institution_code, redeemed_at);

CREATE TABLE training_class (
  uid              TEXT PRIMARY KEY,
  institution_code TEXT NOT NULL,
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  occupation_code  TEXT NOT NULL,
  level            TEXT NOT NULL,
  start_date       TEXT NOT NULL,
  end_date         TEXT NOT NULL CHECK (end_date >= start_date),
  planned_hours    INTEGER NOT NULL CHECK (planned_hours BETWEEN 1 AND 2000),
  teachers         TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE class_member (
  class_uid TEXT NOT NULL REFERENCES training_class(uid),
  serial    TEXT NOT NULL UNIQUE REFERENCES redemption(serial),
  PRIMARY KEY (class_uid, serial)
) STRICT, WITHOUT ROWID;

CREATE TABLE attendance (
  uid          TEXT PRIMARY KEY,
  class_uid    TEXT NOT NULL REFERENCES training_class(uid),
  serial       TEXT NOT NULL REFERENCES redemption(serial),
  session_date TEXT NOT NULL,
  sign_in      TEXT NOT NULL,
  sign_out     TEXT,
  minutes      INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
  UNIQUE (class_uid, serial, session_date)
) STRICT;

CREATE TABLE completion (
  serial          TEXT PRIMARY KEY REFERENCES redemption(serial),
  uid             TEXT NOT NULL UNIQUE,
  result          TEXT NOT NULL CHECK (result IN ('passed', 'failed')),
  assessed_on     TEXT NOT NULL,
  attendance_pct  INTEGER NOT NULL CHECK (attendance_pct BETWEEN 0 AND 100),
  recorded_at     TEXT NOT NULL
) STRICT;

CREATE TABLE certificate (
  uid             TEXT PRIMARY KEY,
  serial          TEXT UNIQUE,
  worker_id       INTEGER REFERENCES worker(id),
  type            TEXT NOT NULL CHECK (type IN ('skill_level', 'special_ability', 'training', 'entrepreneurship')),
  number          TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 40),
  occupation_code TEXT NOT NULL,
  level           TEXT NOT NULL,
  issuing_body    TEXT NOT NULL CHECK (length(issuing_body) BETWEEN 2 AND 60),
  issued_on       TEXT NOT NULL,
  historical      INTEGER NOT NULL DEFAULT 0 CHECK (historical IN (0, 1)),
  recorded_at     TEXT NOT NULL
) STRICT;

-- Institution install: the bureau's public keys from the trust bundle, and what status updates said.
CREATE TABLE trusted_key (
  kid            TEXT PRIMARY KEY,
  public_key_pem TEXT NOT NULL,
  valid_from     TEXT NOT NULL,
  valid_to       TEXT
) STRICT;

CREATE TABLE remote_status (
  serial TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('revoked', 'settled', 'expired')),
  reason TEXT,
  at     TEXT NOT NULL
) STRICT;

-- Bureau install: institution keys bound by registration files, and imported claim packages.
CREATE TABLE institution_key (
  kid            TEXT PRIMARY KEY,
  institution_id INTEGER NOT NULL REFERENCES institution(id),
  public_key_pem TEXT NOT NULL,
  bound_at       TEXT NOT NULL
) STRICT;

CREATE TABLE claim_package (
  package_id     TEXT PRIMARY KEY,
  institution_id INTEGER NOT NULL REFERENCES institution(id),
  imported_at    TEXT NOT NULL,
  applied        INTEGER NOT NULL,
  conflicts      INTEGER NOT NULL
) STRICT;

CREATE TABLE claim_record (
  record_uid TEXT PRIMARY KEY,
  package_id TEXT NOT NULL,
  kind       TEXT NOT NULL,
  serial     TEXT,
  outcome    TEXT NOT NULL CHECK (outcome IN ('applied', 'conflict')),
  reason     TEXT
) STRICT;

-- A voucher redeemed offline before its expiry may reach the bureau after it was marked expired.
DROP TRIGGER voucher_lifecycle;
CREATE TRIGGER voucher_lifecycle BEFORE UPDATE OF status ON voucher
WHEN OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (
  VALUES ('issued', 'redeemed'), ('issued', 'expired'), ('issued', 'revoked'), ('expired', 'redeemed'),
         ('redeemed', 'completed'), ('redeemed', 'revoked'),
         ('completed', 'certified'), ('completed', 'settled'), ('certified', 'settled'))
BEGIN
  SELECT RAISE(ABORT, 'illegal voucher transition');
END;

INSERT OR IGNORE INTO setting (key, value) VALUES ('installMode', 'bureau'), ('minAttendancePct', '80');
`,
};
