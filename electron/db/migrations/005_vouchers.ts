import type { Migration } from '../migration';

// Signing keys, vouchers and their state history. The lifecycle is enforced here as well as
// in the services, so that no code path can skip a step. Frozen once landed.
export const m005: Migration = {
  version: 5,
  name: 'signing keys and vouchers',
  up: `
CREATE TABLE signing_key (
  kid             TEXT PRIMARY KEY CHECK (length(kid) BETWEEN 4 AND 32),
  alg             TEXT NOT NULL CHECK (alg = 'EdDSA'),
  public_key_pem  TEXT NOT NULL,
  private_key_enc TEXT,
  protection      TEXT NOT NULL CHECK (protection IN ('passphrase', 'safeStorage', 'none')),
  valid_from      TEXT NOT NULL,
  valid_to        TEXT,
  active          INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX signing_key_one_active ON signing_key(active) WHERE active = 1;

CREATE TABLE issue_batch (
  id         INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by INTEGER,
  size       INTEGER NOT NULL CHECK (size >= 0),
  note       TEXT
) STRICT;

CREATE TABLE voucher (
  id                  INTEGER PRIMARY KEY,
  serial              TEXT NOT NULL UNIQUE CHECK (serial GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9X]'),
  year                INTEGER NOT NULL,
  seq                 INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999999),
  fallback_code       TEXT NOT NULL UNIQUE,
  worker_id           INTEGER NOT NULL REFERENCES worker(id),
  plan_id             INTEGER NOT NULL REFERENCES plan(id),
  occupation_code     TEXT NOT NULL REFERENCES occupation(code),
  level               TEXT NOT NULL CHECK (level IN ('L5', 'L4', 'L3', 'L2', 'L1', 'special', 'qualified', 'syb')),
  amount_fen          INTEGER NOT NULL CHECK (amount_fen > 0),
  fund_source         TEXT NOT NULL REFERENCES fund_source(code),
  institution_id      INTEGER REFERENCES institution(id),
  issue_date          TEXT NOT NULL,
  expiry_date         TEXT NOT NULL CHECK (expiry_date >= issue_date),
  issued_at           TEXT NOT NULL,
  issued_by           INTEGER,
  batch_id            INTEGER REFERENCES issue_batch(id),
  kid                 TEXT NOT NULL REFERENCES signing_key(kid),
  qr_text             TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'issued' CHECK (status IN
                        ('issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked')),
  status_at           TEXT NOT NULL,
  revoke_reason       TEXT,
  replaces_id         INTEGER REFERENCES voucher(id),
  UNIQUE (year, seq),
  CHECK ((status = 'revoked') = (revoke_reason IS NOT NULL))
) STRICT;
CREATE INDEX voucher_worker ON voucher(worker_id, status);
CREATE INDEX voucher_status_expiry ON voucher(status, expiry_date);
CREATE INDEX voucher_plan ON voucher(plan_id, status);
CREATE INDEX voucher_institution ON voucher(institution_id);

CREATE TABLE voucher_event (
  id          INTEGER PRIMARY KEY,
  voucher_id  INTEGER NOT NULL REFERENCES voucher(id),
  at          TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  user_id     INTEGER,
  note        TEXT
) STRICT;
CREATE INDEX voucher_event_voucher ON voucher_event(voucher_id);

CREATE TRIGGER voucher_lifecycle BEFORE UPDATE OF status ON voucher
WHEN OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (
  VALUES ('issued', 'redeemed'), ('issued', 'expired'), ('issued', 'revoked'),
         ('redeemed', 'completed'), ('redeemed', 'revoked'),
         ('completed', 'certified'), ('completed', 'settled'), ('certified', 'settled'))
BEGIN
  SELECT RAISE(ABORT, 'illegal voucher transition');
END;

CREATE TRIGGER voucher_immutable BEFORE UPDATE OF serial, worker_id, plan_id, occupation_code, level, amount_fen, qr_text, kid ON voucher
BEGIN
  SELECT RAISE(ABORT, 'voucher terms are immutable');
END;
`,
};
