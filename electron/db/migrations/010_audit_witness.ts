import type { Migration } from '../migration';

// Signed audit chain heads ("witnesses", 见证): this install's own, and those received from the
// bureau in its status files. Both append-only like audit_log. Frozen once landed.
export const m010: Migration = {
  version: 10,
  name: 'audit witnesses',
  up: `
-- payload is the exact string that was signed; the other columns repeat it for queries.
-- kind 'cutover' is the head at the moment the install secret was first bound: rows after it are
-- chained with the secret's audit key, rows up to it keep the public SHA-256 of earlier versions.
CREATE TABLE audit_witness (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('cutover', 'daily', 'backup', 'status', 'digest', 'manual')),
  install_id TEXT NOT NULL CHECK (length(install_id) BETWEEN 1 AND 64),
  row_id     INTEGER NOT NULL CHECK (row_id >= 0),
  hash       TEXT NOT NULL CHECK (length(hash) = 64),
  at         TEXT NOT NULL,
  keyed_from INTEGER NOT NULL CHECK (keyed_from >= 1),
  kid        TEXT NOT NULL CHECK (length(kid) BETWEEN 1 AND 32),
  payload    TEXT NOT NULL,
  signature  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX audit_witness_one_cutover ON audit_witness(kind) WHERE kind = 'cutover';
CREATE INDEX audit_witness_kind_at ON audit_witness(kind, at);

CREATE TRIGGER audit_witness_no_update BEFORE UPDATE ON audit_witness BEGIN
  SELECT RAISE(ABORT, 'audit_witness is append-only');
END;
CREATE TRIGGER audit_witness_no_delete BEFORE DELETE ON audit_witness BEGIN
  SELECT RAISE(ABORT, 'audit_witness is append-only');
END;

-- On an institution install: the bureau's heads, kept as received (the whole signed file), so that
-- the bureau's database can later be checked against them.
CREATE TABLE received_witness (
  id          INTEGER PRIMARY KEY,
  install_id  TEXT NOT NULL CHECK (length(install_id) BETWEEN 1 AND 64),
  row_id      INTEGER NOT NULL CHECK (row_id >= 0),
  hash        TEXT NOT NULL CHECK (length(hash) = 64),
  at          TEXT NOT NULL,
  kid         TEXT NOT NULL,
  envelope    TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (install_id, row_id, at)
) STRICT;

CREATE TRIGGER received_witness_no_update BEFORE UPDATE ON received_witness BEGIN
  SELECT RAISE(ABORT, 'received_witness is append-only');
END;
CREATE TRIGGER received_witness_no_delete BEFORE DELETE ON received_witness BEGIN
  SELECT RAISE(ABORT, 'received_witness is append-only');
END;
`,
};
