import type { Migration } from '../migration';

// The county server (issue 14): what every server process must see, not one process's memory —
// sessions, jobs, generated files, login throttling and idempotency keys — plus the audit trail's
// client address and kind, and the townships a clerk works for. Frozen once landed.
//
// Sessions keep the SHA-256 of their token, never the token: whoever reads the table (or a backup)
// cannot act as anyone. Generated files are kept encrypted under a key of the install secret, which
// is not in the database: a backup taken while one waits for its download does not yield its content.
const SQLITE = `
CREATE TABLE app_session (
  id             TEXT PRIMARY KEY CHECK (length(id) = 16),
  token_hash     TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  user_id        INTEGER NOT NULL,
  username       TEXT NOT NULL,
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'institutionOperator')),
  institution_id INTEGER,
  credential     TEXT,
  started_at     TEXT NOT NULL,
  last_active    TEXT NOT NULL,
  locked         INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  client_address TEXT,
  client_kind    TEXT NOT NULL CHECK (client_kind IN ('browser', 'desktop', 'cli', 'system')),
  ended_at       TEXT,
  ended_reason   TEXT,
  CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
) STRICT;
CREATE INDEX app_session_live ON app_session(user_id) WHERE ended_at IS NULL;

CREATE TABLE app_job (
  id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 40),
  owner_id    INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  phase       TEXT NOT NULL,
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
  total       INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  result_json TEXT,
  error       TEXT,
  started_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX app_job_owner ON app_job(owner_id, started_at);

CREATE TABLE app_artifact (
  id         TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 40),
  owner_id   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  sealed     BLOB NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX app_artifact_expiry ON app_artifact(expires_at);

CREATE TABLE login_throttle (
  address       TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL CHECK (failures >= 0),
  window_start  TEXT NOT NULL,
  blocked_until TEXT
) STRICT;

CREATE TABLE idempotency_key (
  user_id     INTEGER NOT NULL,
  key         TEXT NOT NULL CHECK (length(key) BETWEEN 16 AND 100),
  channel     TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  result_json TEXT,
  at          TEXT NOT NULL,
  PRIMARY KEY (user_id, key),
  CHECK ((state = 'done') = (result_json IS NOT NULL))
) STRICT;
CREATE INDEX idempotency_key_at ON idempotency_key(at);

ALTER TABLE audit_log ADD COLUMN client_address TEXT;
ALTER TABLE audit_log ADD COLUMN client_kind TEXT
  CHECK (client_kind IS NULL OR client_kind IN ('browser', 'desktop', 'cli', 'system'));

CREATE TABLE user_township (
  user_id       INTEGER NOT NULL REFERENCES app_user(id),
  township_code TEXT NOT NULL REFERENCES township(code),
  PRIMARY KEY (user_id, township_code)
) STRICT;
`;

const PG = `
CREATE TABLE app_session (
  id             text PRIMARY KEY CHECK (length(id) = 16),
  token_hash     text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  user_id        bigint NOT NULL,
  username       text NOT NULL,
  display_name   text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'institutionOperator')),
  institution_id bigint,
  credential     text,
  started_at     text NOT NULL,
  last_active    text NOT NULL,
  locked         bigint NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  client_address text,
  client_kind    text NOT NULL CHECK (client_kind IN ('browser', 'desktop', 'cli', 'system')),
  ended_at       text,
  ended_reason   text,
  CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
CREATE INDEX app_session_live ON app_session(user_id) WHERE ended_at IS NULL;

CREATE TABLE app_job (
  id          text PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 40),
  owner_id    bigint NOT NULL,
  kind        text NOT NULL,
  state       text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  phase       text NOT NULL,
  done        bigint NOT NULL DEFAULT 0 CHECK (done >= 0),
  total       bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
  result_json text,
  error       text,
  started_at  text NOT NULL,
  updated_at  text NOT NULL
);
CREATE INDEX app_job_owner ON app_job(owner_id, started_at);

CREATE TABLE app_artifact (
  id         text PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 40),
  owner_id   bigint NOT NULL,
  name       text NOT NULL,
  mime       text NOT NULL,
  sealed     bytea NOT NULL,
  created_at text NOT NULL,
  expires_at text NOT NULL
);
CREATE INDEX app_artifact_expiry ON app_artifact(expires_at);

CREATE TABLE login_throttle (
  address       text PRIMARY KEY,
  failures      bigint NOT NULL CHECK (failures >= 0),
  window_start  text NOT NULL,
  blocked_until text
);

CREATE TABLE idempotency_key (
  user_id     bigint NOT NULL,
  key         text NOT NULL CHECK (length(key) BETWEEN 16 AND 100),
  channel     text NOT NULL,
  state       text NOT NULL CHECK (state IN ('pending', 'done')),
  result_json text,
  at          text NOT NULL,
  PRIMARY KEY (user_id, key),
  CHECK ((state = 'done') = (result_json IS NOT NULL))
);
CREATE INDEX idempotency_key_at ON idempotency_key(at);

ALTER TABLE audit_log ADD COLUMN client_address text;
ALTER TABLE audit_log ADD COLUMN client_kind text
  CHECK (client_kind IS NULL OR client_kind IN ('browser', 'desktop', 'cli', 'system'));

CREATE TABLE user_township (
  user_id       bigint NOT NULL REFERENCES app_user(id),
  township_code text NOT NULL REFERENCES township(code),
  PRIMARY KEY (user_id, township_code)
);
`;

export const m013: Migration = {
  version: 13,
  name: 'county server: shared sessions, jobs, files, throttling, idempotency; audit client; clerk townships',
  up: SQLITE,
  pg: PG,
};
