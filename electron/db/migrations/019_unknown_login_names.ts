import type { Migration } from '../migration';

// Wrong passwords for usernames that do not exist, counted in the database (issue 15). Frozen once
// landed.
//
// The login lockout counts an unknown name's wrong passwords like a real account's, so that the
// answers do not tell which names exist. Those counts were kept in each process's memory: on a county
// server of several processes on PostgreSQL, five wrong passwords spread over two of them locked a
// real account (its count is in app_user) but not an unknown name, and the sixth answer told them
// apart. Here every process sees the same count. The name is kept only as a keyed fingerprint of its
// database-folded form (people type their password into the username field by mistake).
export const m019: Migration = {
  version: 19,
  name: 'unknown login names counted in the database',
  up: `
CREATE TABLE login_unknown (
  name_fp      TEXT PRIMARY KEY CHECK (length(name_fp) = 16),
  failures     INTEGER NOT NULL CHECK (failures > 0),
  locked_until TEXT,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX login_unknown_updated ON login_unknown(updated_at);
`,
  pg: `
CREATE TABLE login_unknown (
  name_fp      text PRIMARY KEY CHECK (length(name_fp) = 16),
  failures     bigint NOT NULL CHECK (failures > 0),
  locked_until text,
  updated_at   text NOT NULL
);
CREATE INDEX login_unknown_updated ON login_unknown(updated_at);
`,
};
