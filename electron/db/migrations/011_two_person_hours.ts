import type { Migration } from '../migration';

// No one person moves money (issue 12 §5): where each account's power came from (账号变更), the
// second admin's confirmation of it, a two-person rule that a single admin cannot satisfy with
// accounts of their own making, and the minimum planned hours of a class per skill level.
// Frozen once landed.

/** The kinds the anomaly list knows after this migration (009's list plus account changes). */
const ANOMALY_KINDS = [
  'class_overlap',
  'attendance_outside',
  'redemption_spike',
  'age_or_status',
  'certificate_reuse',
  'far_redemption',
  'holder_guessing',
  'account_change',
];

/**
 * An account change that still counts: not confirmed by a second admin. `who` is the account,
 * `maker` stands for whoever is suspected of holding it too.
 */
const pending = (alias: string, who: string) => `${alias}.user_id = ${who} AND ${alias}.confirmed_by IS NULL`;

export const m011: Migration = {
  version: 11,
  name: 'account changes and their confirmation, two-person rule, minimum class hours',
  up: `
-- Every change that lets someone act through an account: who made it and when, and which second
-- admin confirmed it. made_by is NULL when the CLI made it (it acts without an account).
CREATE TABLE account_change (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  kind         TEXT NOT NULL CHECK (kind IN ('create', 'enable', 'role', 'password')),
  role         TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'institutionOperator')),
  at           TEXT NOT NULL,
  made_by      INTEGER REFERENCES app_user(id),
  made_by_name TEXT NOT NULL CHECK (length(made_by_name) BETWEEN 1 AND 64),
  confirmed_by INTEGER REFERENCES app_user(id),
  confirmed_at TEXT,
  CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
  -- The second admin: never whoever made the change, never the account's own holder.
  CHECK (confirmed_by IS NULL OR made_by IS NULL OR confirmed_by <> made_by),
  CHECK (confirmed_by IS NULL OR confirmed_by <> user_id),
  CHECK (confirmed_at IS NULL OR confirmed_at >= at)
) STRICT;
CREATE INDEX account_change_user ON account_change(user_id, confirmed_by);
CREATE INDEX account_change_pending ON account_change(confirmed_by) WHERE confirmed_by IS NULL;

CREATE TRIGGER account_change_no_delete BEFORE DELETE ON account_change BEGIN
  SELECT RAISE(ABORT, 'account_change is append-only');
END;
-- The only change a row may see is its confirmation, once, by an enabled admin.
CREATE TRIGGER account_change_confirm_only BEFORE UPDATE ON account_change
WHEN OLD.confirmed_by IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.user_id IS NOT OLD.user_id OR NEW.kind IS NOT OLD.kind
  OR NEW.role IS NOT OLD.role OR NEW.at IS NOT OLD.at OR NEW.made_by IS NOT OLD.made_by
  OR NEW.made_by_name IS NOT OLD.made_by_name
  OR NOT EXISTS (SELECT 1 FROM app_user a WHERE a.id = NEW.confirmed_by AND a.role = 'admin' AND a.disabled = 0)
BEGIN
  SELECT RAISE(ABORT, 'an account change can only be confirmed, once, by another enabled admin');
END;

-- What the audit log already says about accounts made before this version. They count as not
-- confirmed: whoever made them could still be holding them.
INSERT INTO account_change (user_id, kind, role, at, made_by, made_by_name)
SELECT u.id,
       CASE l.channel WHEN 'user:create' THEN 'create' WHEN 'user:setDisabled' THEN 'enable'
                      WHEN 'user:update' THEN 'role' ELSE 'password' END,
       coalesce(json_extract(l.after_json, '$.role'), u.role),
       l.at,
       (SELECT m.id FROM app_user m WHERE m.id = l.user_id),
       coalesce(l.username, '未知')
FROM audit_log l JOIN app_user u ON CAST(u.id AS TEXT) = l.entity_id
WHERE l.entity = 'user' AND (
     (l.channel = 'user:create' AND l.action = 'create')
  OR (l.channel = 'user:setDisabled' AND l.action = 'enable')
  OR (l.channel = 'user:resetPassword' AND l.action = 'resetPassword')
  OR (l.channel = 'user:update' AND l.action = 'update'
      AND json_extract(l.before_json, '$.role') IS NOT json_extract(l.after_json, '$.role')))
ORDER BY l.id;

-- The two-person rule against one admin with several accounts: a batch is not approved by an
-- account that the preparer made (or vice versa), that the same person made as the preparer's,
-- or that was made after the batch was submitted — unless a second admin confirmed the change.
-- The service refuses first with the reason; this holds even for a write that bypasses it.
CREATE TRIGGER settlement_independent_reviewer BEFORE UPDATE OF status ON settlement_batch
WHEN NEW.status = 'approved' AND (
  EXISTS (SELECT 1 FROM account_change r WHERE ${pending('r', 'NEW.reviewed_by')}
          AND (r.made_by = NEW.prepared_by OR r.at >= NEW.prepared_at
               OR r.made_by IN (SELECT p.made_by FROM account_change p WHERE ${pending('p', 'NEW.prepared_by')})))
  OR EXISTS (SELECT 1 FROM account_change p WHERE ${pending('p', 'NEW.prepared_by')} AND p.made_by = NEW.reviewed_by))
BEGIN
  SELECT RAISE(ABORT, 'two-person rule: the reviewer account is not independent of the preparer');
END;

-- 最低学时 per skill level. Defaults after the subsidised-training rules of other provinces
-- (e.g. Jiangsu 2023: 初级工 at least 40 class hours, 中级工 and above at least 56); the bureau
-- sets its own in 系统管理 → 最低学时 (catalog:levelHoursSave).
CREATE TABLE level_min_hours (
  level     TEXT PRIMARY KEY CHECK (level IN ('L5', 'L4', 'L3', 'L2', 'L1', 'special', 'qualified', 'syb')),
  min_hours INTEGER NOT NULL CHECK (min_hours BETWEEN 1 AND 2000)
) STRICT, WITHOUT ROWID;
INSERT INTO level_min_hours (level, min_hours) VALUES
  ('L5', 40), ('L4', 56), ('L3', 56), ('L2', 56), ('L1', 56), ('special', 24), ('qualified', 40), ('syb', 56);

-- A class is never opened below its level's minimum, from the app or from a claim package.
CREATE TRIGGER training_class_min_hours BEFORE INSERT ON training_class
WHEN NEW.planned_hours < coalesce((SELECT min_hours FROM level_min_hours WHERE level = NEW.level), 0)
BEGIN
  SELECT RAISE(ABORT, 'planned hours below the minimum of the level');
END;

CREATE TABLE anomaly_new (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN (${ANOMALY_KINDS.map((k) => `'${k}'`).join(', ')})),
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
