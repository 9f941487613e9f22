import type { Migration } from '../migration';

// The anomaly list learns claim numbers that two institutions sent (同号申报). Frozen once landed.
//
// Installs number their packages and records with random UUIDs, and the bureau keeps each
// institution's numbers apart (`<institution id>:<number>`), so a copied file no longer spoils the
// other's records. But two installs never draw the same number: the same number from two
// institutions means one of them had the other's file, which a reviewer should see before paying.

const ANOMALY_KINDS = [
  'class_overlap',
  'attendance_outside',
  'redemption_spike',
  'age_or_status',
  'certificate_reuse',
  'far_redemption',
  'holder_guessing',
  'account_change',
  'attendance_makeup',
  'late_claim',
  'copied_claim',
];
const kinds = ANOMALY_KINDS.map((k) => `'${k}'`).join(', ');

export const m023: Migration = {
  version: 23,
  name: 'claim numbers sent by two institutions on the anomaly list',
  up: `
CREATE TABLE anomaly_new (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN (${kinds})),
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
  pg: `
ALTER TABLE anomaly DROP CONSTRAINT anomaly_kind_check;
ALTER TABLE anomaly ADD CONSTRAINT anomaly_kind_check CHECK (kind IN (${kinds}));
`,
};
