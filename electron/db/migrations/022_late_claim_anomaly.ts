import type { Migration } from '../migration';

// The anomaly list learns offline records reported late (迟报). Frozen once landed.
//
// An offline install's redemption time and attendance dates are the institution's word: a package
// imported today may say a voucher was redeemed before it expired, months ago, or claim a trainee's
// sessions of long past days. Within the bureau's checks such records are accepted; a reviewer
// should see them before the institution is paid.

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
];
const kinds = ANOMALY_KINDS.map((k) => `'${k}'`).join(', ');

export const m022: Migration = {
  version: 22,
  name: 'late offline claims on the anomaly list',
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
