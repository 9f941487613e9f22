import type { Migration } from '../migration';

// Holder checks (持券人核验) that can't be used as an oracle: every wrong ID number typed for a
// voucher, the holds (暂扣) that five of them in a day put on it, and the per-voucher verifiers the
// bureau sends an institution install in its status files. Keyed by serial, like redemption, so
// that the same tables serve the bureau and an institution's offline install. Also lets the
// anomaly list name holder guessing. Frozen once landed.
export const m009: Migration = {
  version: 9,
  name: 'holder check failures, holds, holder verifiers',
  up: `
CREATE TABLE holder_check_failure (
  id               INTEGER PRIMARY KEY,
  serial           TEXT NOT NULL CHECK (length(serial) = 20),
  at               TEXT NOT NULL,
  user_id          INTEGER REFERENCES app_user(id),
  username         TEXT,
  channel          TEXT NOT NULL,
  institution_code TEXT,
  -- Names the record across installs: an institution's failures travel to the bureau in its claim
  -- package, and one imported twice is kept once.
  record_uid       TEXT NOT NULL UNIQUE CHECK (length(record_uid) BETWEEN 8 AND 64)
) STRICT;
CREATE INDEX holder_check_failure_serial ON holder_check_failure(serial, at);

-- A voucher is held at most once at a time; released holds stay as history.
CREATE TABLE voucher_hold (
  id             INTEGER PRIMARY KEY,
  serial         TEXT NOT NULL CHECK (length(serial) = 20),
  held_at        TEXT NOT NULL,
  failures       INTEGER NOT NULL CHECK (failures > 0),
  released_at    TEXT,
  released_by    INTEGER REFERENCES app_user(id),
  release_reason TEXT CHECK (release_reason IS NULL OR length(release_reason) BETWEEN 2 AND 200),
  CHECK ((released_at IS NULL) = (release_reason IS NULL)),
  CHECK (released_at IS NULL OR released_at >= held_at)
) STRICT;
CREATE UNIQUE INDEX voucher_hold_active ON voucher_hold(serial) WHERE released_at IS NULL;

-- scrypt of the holder's normalised ID number with a random salt of its own. At the bureau a cache
-- (id_fp: keyed fingerprint of the ID it was made from, so a corrected ID number gets a new one);
-- at an institution install the set the last status file brought (id_fp NULL).
CREATE TABLE holder_verifier (
  serial TEXT PRIMARY KEY CHECK (length(serial) = 20),
  id_fp  TEXT,
  kdf    TEXT NOT NULL CHECK (kdf GLOB 'scrypt:*'),
  salt   BLOB NOT NULL CHECK (length(salt) = 16),
  hash   BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE TABLE anomaly_new (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('class_overlap', 'attendance_outside', 'redemption_spike',
                                              'age_or_status', 'certificate_reuse', 'far_redemption',
                                              'holder_guessing')),
  subject        TEXT NOT NULL,
  worker_id      INTEGER REFERENCES worker(id),
  serial         TEXT,
  institution_id INTEGER REFERENCES institution(id),
  reason         TEXT NOT NULL,
  detected_at    TEXT NOT NULL,
  UNIQUE (kind, subject)
) STRICT;
INSERT INTO anomaly_new SELECT id, kind, subject, worker_id, serial, institution_id, reason, detected_at FROM anomaly;
DROP TABLE anomaly;
ALTER TABLE anomaly_new RENAME TO anomaly;
CREATE INDEX anomaly_worker ON anomaly(worker_id);
CREATE INDEX anomaly_serial ON anomaly(serial);
`,
};
