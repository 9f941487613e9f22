import type { Migration } from '../migration';

// Attendance that can be made good without losing what it was (issue 16 §3). Frozen once landed.
//
// - 补签 (makeup) of a missed session and 更正 (correction) of a wrong sign-in are rows of their
//   own, with the reason, who and when, and for a correction what the session said before; the
//   table is append-only. A closed session changes only as its latest correction says (a trigger),
//   and no session is ever deleted: a wrong one is voided (作废), which keeps it, at 0 minutes.
// - The redemption keeps a keyed fingerprint of the ID number confirmed at the counter, so that a
//   trainee signs in by scanning their ID card without a scrypt check per classmate.
// - The anomaly list learns 补签/更正 that add many hours.

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
];
const kinds = ANOMALY_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * Whether the newest adjustment of the row being updated is the change being made: its "before" is
 * the row as it is and its "after" the row as it becomes. False (not NULL) when there is none.
 */
const LATEST = (
  o: string,
  n: string,
  is: string,
  no: string,
) => `coalesce((SELECT max(j.id) FROM attendance_adjustment j
        WHERE j.attendance_uid = ${o}.uid AND j.before_sign_in = ${o}.sign_in AND j.before_sign_out ${is} ${o}.sign_out
        AND j.before_minutes = ${o}.minutes AND j.before_voided = ${o}.voided AND j.sign_in = ${n}.sign_in
        AND j.sign_out = ${n}.sign_out AND j.minutes = ${n}.minutes AND j.voided = ${n}.voided)
      = (SELECT max(k.id) FROM attendance_adjustment k WHERE k.attendance_uid = ${o}.uid), ${no})`;

const PLAIN_SIGN_OUT = (o: string, n: string) =>
  `${o}.sign_out IS NULL AND ${n}.sign_out IS NOT NULL AND ${n}.sign_in = ${o}.sign_in AND ${n}.voided = 0 AND ${o}.voided = 0`;

const SAME_SESSION = (o: string, n: string) =>
  `${n}.uid = ${o}.uid AND ${n}.class_uid = ${o}.class_uid AND ${n}.serial = ${o}.serial AND ${n}.session_date = ${o}.session_date`;

export const m014: Migration = {
  version: 14,
  name: 'attendance makeups and corrections, holder fingerprint at redemption, makeup anomaly',
  up: `
ALTER TABLE attendance ADD COLUMN voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1));

CREATE TABLE attendance_adjustment (
  id               INTEGER PRIMARY KEY,
  uid              TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 8 AND 64),
  kind             TEXT NOT NULL CHECK (kind IN ('makeup', 'correction')),
  attendance_uid   TEXT NOT NULL REFERENCES attendance(uid),
  class_uid        TEXT NOT NULL REFERENCES training_class(uid),
  serial           TEXT NOT NULL REFERENCES redemption(serial),
  session_date     TEXT NOT NULL,
  before_sign_in   TEXT,
  before_sign_out  TEXT,
  before_minutes   INTEGER CHECK (before_minutes BETWEEN 0 AND 1440),
  before_voided    INTEGER CHECK (before_voided IN (0, 1)),
  sign_in          TEXT NOT NULL,
  sign_out         TEXT NOT NULL CHECK (sign_out >= sign_in),
  minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 720),
  voided           INTEGER NOT NULL CHECK (voided IN (0, 1)),
  reason           TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 2 AND 200),
  recorded_at      TEXT NOT NULL,
  recorded_by      INTEGER REFERENCES app_user(id),
  recorded_by_name TEXT NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 64),
  source           TEXT NOT NULL CHECK (source IN ('local', 'claim')),
  -- A makeup creates its session; a correction says what the session was.
  CHECK ((kind = 'makeup') = (before_sign_in IS NULL)),
  CHECK ((before_sign_in IS NULL) = (before_minutes IS NULL) AND (before_sign_in IS NULL) = (before_voided IS NULL)),
  CHECK (kind = 'correction' OR voided = 0)
) STRICT;
CREATE INDEX attendance_adjustment_session ON attendance_adjustment(attendance_uid, id);
CREATE INDEX attendance_adjustment_serial ON attendance_adjustment(serial);

CREATE TRIGGER attendance_adjustment_no_update BEFORE UPDATE ON attendance_adjustment BEGIN
  SELECT RAISE(ABORT, 'attendance_adjustment is append-only');
END;
CREATE TRIGGER attendance_adjustment_no_delete BEFORE DELETE ON attendance_adjustment BEGIN
  SELECT RAISE(ABORT, 'attendance_adjustment is append-only');
END;

CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance BEGIN
  SELECT RAISE(ABORT, 'attendance is never deleted: a wrong sign-in is voided with a reason');
END;
-- A session changes by its sign-out, or as its newest correction says; never into another session.
CREATE TRIGGER attendance_change_recorded BEFORE UPDATE ON attendance
WHEN NOT (${SAME_SESSION('OLD', 'NEW')})
  OR NOT ((${PLAIN_SIGN_OUT('OLD', 'NEW')}) OR ${LATEST('OLD', 'NEW', 'IS', '0')})
BEGIN
  SELECT RAISE(ABORT, 'attendance changes only by signing out or by a recorded correction');
END;

ALTER TABLE redemption ADD COLUMN holder_fp TEXT CHECK (holder_fp IS NULL OR length(holder_fp) = 16);
CREATE INDEX redemption_holder_fp ON redemption(holder_fp) WHERE holder_fp IS NOT NULL;

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
ALTER TABLE attendance ADD COLUMN voided bigint NOT NULL DEFAULT 0 CHECK (voided IN (0, 1));

CREATE TABLE attendance_adjustment (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  uid              text NOT NULL UNIQUE CHECK (length(uid) BETWEEN 8 AND 64),
  kind             text NOT NULL CHECK (kind IN ('makeup', 'correction')),
  attendance_uid   text NOT NULL REFERENCES attendance(uid),
  class_uid        text NOT NULL REFERENCES training_class(uid),
  serial           text NOT NULL REFERENCES redemption(serial),
  session_date     text NOT NULL,
  before_sign_in   text,
  before_sign_out  text,
  before_minutes   bigint CHECK (before_minutes BETWEEN 0 AND 1440),
  before_voided    bigint CHECK (before_voided IN (0, 1)),
  sign_in          text NOT NULL,
  sign_out         text NOT NULL CHECK (sign_out >= sign_in),
  minutes          bigint NOT NULL CHECK (minutes BETWEEN 0 AND 720),
  voided           bigint NOT NULL CHECK (voided IN (0, 1)),
  reason           text NOT NULL CHECK (length(trim(reason)) BETWEEN 2 AND 200),
  recorded_at      text NOT NULL,
  recorded_by      bigint REFERENCES app_user(id),
  recorded_by_name text NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 64),
  source           text NOT NULL CHECK (source IN ('local', 'claim')),
  CHECK ((kind = 'makeup') = (before_sign_in IS NULL)),
  CHECK ((before_sign_in IS NULL) = (before_minutes IS NULL) AND (before_sign_in IS NULL) = (before_voided IS NULL)),
  CHECK (kind = 'correction' OR voided = 0)
);
CREATE INDEX attendance_adjustment_session ON attendance_adjustment (attendance_uid, id);
CREATE INDEX attendance_adjustment_serial ON attendance_adjustment (serial);

CREATE TRIGGER attendance_adjustment_no_update BEFORE UPDATE ON attendance_adjustment
  FOR EACH ROW EXECUTE FUNCTION longling_refuse('attendance_adjustment is append-only');
CREATE TRIGGER attendance_adjustment_no_delete BEFORE DELETE ON attendance_adjustment
  FOR EACH ROW EXECUTE FUNCTION longling_refuse('attendance_adjustment is append-only');

CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance
  FOR EACH ROW EXECUTE FUNCTION longling_refuse('attendance is never deleted: a wrong sign-in is voided with a reason');
CREATE FUNCTION attendance_change_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (${SAME_SESSION('OLD', 'NEW')})
     OR NOT ((${PLAIN_SIGN_OUT('OLD', 'NEW')}) OR ${LATEST('OLD', 'NEW', 'IS NOT DISTINCT FROM', 'false')}) THEN
    RAISE EXCEPTION 'attendance changes only by signing out or by a recorded correction';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER attendance_change_recorded BEFORE UPDATE ON attendance
  FOR EACH ROW EXECUTE FUNCTION attendance_change_recorded();

ALTER TABLE redemption ADD COLUMN holder_fp text CHECK (holder_fp IS NULL OR length(holder_fp) = 16);
CREATE INDEX redemption_holder_fp ON redemption (holder_fp) WHERE holder_fp IS NOT NULL;

ALTER TABLE anomaly DROP CONSTRAINT anomaly_kind_check;
ALTER TABLE anomaly ADD CONSTRAINT anomaly_kind_check CHECK (kind IN (${kinds}));
`,
};
