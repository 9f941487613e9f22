import type { Migration } from '../migration';

// Accounts, settings and the hash-chained audit log. Frozen once landed: never edit, add a new migration.
export const m001: Migration = {
  version: 1,
  name: 'accounts, settings, audit log',
  up: `
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE institution (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 32),
  name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended'))
) STRICT;

CREATE TABLE app_user (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 30),
  role           TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'institutionOperator')),
  institution_id INTEGER REFERENCES institution(id),
  password_hash  TEXT NOT NULL,
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins  INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until   TEXT,
  created_at     TEXT NOT NULL,
  last_login_at  TEXT,
  CHECK ((role = 'institutionOperator') = (institution_id IS NOT NULL))
) STRICT;

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  username    TEXT,
  channel     TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT,
  before_json TEXT,
  after_json  TEXT,
  prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash        TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- The newest row, so that removing rows from the end of the chain is detected too.
CREATE TABLE audit_head (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  hash    TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log BEGIN
  INSERT INTO audit_head (id, last_id, hash) VALUES (1, NEW.id, NEW.hash)
  ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash;
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
  SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
`,
};
