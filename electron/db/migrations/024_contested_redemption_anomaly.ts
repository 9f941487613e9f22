import type { Migration } from '../migration';

// The anomaly list learns vouchers two institutions claim to have redeemed (一券两家申报). Frozen
// once landed.
//
// A voucher is redeemed once: an offline install cannot know that another institution redeemed it
// first, and its claim is refused at the bureau (已由…先行核销). Either the holder went to two
// institutions, or one of them had the voucher's QR without the holder (a copied package carries its
// QR text); a reviewer should ask which one trained the holder before the first is paid.

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
  'contested_redemption',
];
const kinds = ANOMALY_KINDS.map((k) => `'${k}'`).join(', ');

export const m024: Migration = {
  version: 24,
  name: 'a voucher claimed by two institutions on the anomaly list',
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
