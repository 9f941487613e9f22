import type { Migration } from '../migration';
// Settlement batches with two-person approval, recoveries, the statistics kept up to date by
// triggers (so that the dashboard reads a few hundred rows instead of a million vouchers), the
// skill register of the county goals, and anomaly flags. Frozen once landed.

/**
 * What one voucher row adds to its statistics bucket (sign 1) or takes away (sign -1). Every
 * voucher is in exactly one bucket per dimension at a time; an update moves it out of its old
 * bucket and into its new one.
 */
function contribution(r: 'NEW' | 'OLD', sign: 1 | -1): Record<string, string> {
  const s = sign === 1 ? '' : '-';
  const isStatus = (status: string) => `${s}(${r}.status = '${status}')`;
  const fenIf = (status: string) => `${s}(${r}.status = '${status}') * ${r}.amount_fen`;
  return {
    n: `${s}1`,
    n_issued: isStatus('issued'),
    n_redeemed: isStatus('redeemed'),
    n_completed: isStatus('completed'),
    n_certified: isStatus('certified'),
    n_settled: isStatus('settled'),
    n_expired: isStatus('expired'),
    n_revoked: isStatus('revoked'),
    ever_redeemed: `${s}(${r}.redeemed_on IS NOT NULL)`,
    ever_certified: `${s}(${r}.certified_on IS NOT NULL)`,
    fen_total: `${s}${r}.amount_fen`,
    fen_issued: fenIf('issued'),
    fen_redeemed: fenIf('redeemed'),
    fen_completed: fenIf('completed'),
    fen_certified: fenIf('certified'),
    fen_settled: fenIf('settled'),
    fen_expired: fenIf('expired'),
    fen_revoked: fenIf('revoked'),
    fen_paid: `${s}coalesce(${r}.paid_fen, 0)`,
    days_sum: `${s}coalesce(CAST(julianday(${r}.redeemed_on) - julianday(${r}.issue_date) AS INTEGER), 0)`,
  };
}

const MEASURES = Object.keys(contribution('NEW', 1));

/** The bucket of each dimension: its key expression for a voucher row. */
const DIMENSIONS: Record<string, (r: string) => string> = {
  pof: (r) => `${r}.plan_id || '|' || ${r}.occupation_code || '|' || ${r}.fund_source`,
  township: (r) => `coalesce(${r}.stat_township, '')`,
  institution: (r) => `CAST(coalesce(${r}.stat_institution, ${r}.institution_id, 0) AS TEXT)`,
};

function upsert(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const c = contribution(r, sign);
  const cols = ['dim', 'key', 'month', ...MEASURES].join(', ');
  const update = MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ');
  const values = MEASURES.map((m) => c[m]).join(', ');
  const month = `substr(${r}.issue_date, 1, 7)`;
  const simple = Object.entries(DIMENSIONS).map(
    ([dim, key]) =>
      `INSERT INTO voucher_stat (${cols}) VALUES ('${dim}', ${key(r)}, ${month}, ${values})
  ON CONFLICT (dim, key, month) DO UPDATE SET ${update};`,
  );
  // A holder in several target groups counts once in each; one in none counts under ''.
  const groups = `INSERT INTO voucher_stat (${cols})
  SELECT 'group', value, ${month}, ${values}
  FROM json_each(CASE WHEN coalesce(${r}.stat_groups, '[]') = '[]' THEN '[""]' ELSE ${r}.stat_groups END) WHERE true
  ON CONFLICT (dim, key, month) DO UPDATE SET ${update};`;
  return [...simple, groups].join('\n');
}

const measureColumns = MEASURES.map((m) => `  ${m} INTEGER NOT NULL DEFAULT 0`).join(',\n');

const backfill = (dim: string, key: string, from = 'voucher v') => {
  const c = contribution('NEW', 1);
  const sums = MEASURES.map((m) => `sum(${c[m]!.replaceAll('NEW.', 'v.')})`).join(', ');
  return `INSERT INTO voucher_stat (dim, key, month, ${MEASURES.join(', ')})
  SELECT '${dim}', ${key}, substr(v.issue_date, 1, 7), ${sums} FROM ${from} GROUP BY 2, 3;`;
};

export const m008: Migration = {
  version: 8,
  name: 'settlement, statistics, skill register, anomalies',
  up: `
-- Kept on the voucher so that statistics stay where they were counted: the holder's township and
-- target groups when it was issued, the institution that redeemed it, and the dates and amount of
-- its stages.
ALTER TABLE voucher ADD COLUMN stat_township TEXT;
ALTER TABLE voucher ADD COLUMN stat_groups TEXT CHECK (stat_groups IS NULL OR json_valid(stat_groups));
ALTER TABLE voucher ADD COLUMN stat_institution INTEGER;
ALTER TABLE voucher ADD COLUMN redeemed_on TEXT;
ALTER TABLE voucher ADD COLUMN certified_on TEXT;
ALTER TABLE voucher ADD COLUMN paid_fen INTEGER CHECK (paid_fen IS NULL OR paid_fen >= 0);

UPDATE voucher SET
  stat_township = (SELECT township_code FROM worker WHERE id = voucher.worker_id),
  stat_groups = (SELECT json_group_array(group_code) FROM worker_target_group WHERE worker_id = voucher.worker_id),
  stat_institution = coalesce(
    (SELECT i.id FROM redemption r JOIN institution i ON i.code = r.institution_code WHERE r.serial = voucher.serial),
    institution_id, 0),
  redeemed_on = coalesce(
    (SELECT substr(redeemed_at, 1, 10) FROM redemption WHERE serial = voucher.serial),
    (SELECT substr(min(at), 1, 10) FROM voucher_event WHERE voucher_id = voucher.id AND to_status = 'redeemed')),
  certified_on = (SELECT substr(min(at), 1, 10) FROM voucher_event WHERE voucher_id = voucher.id AND to_status = 'certified'),
  paid_fen = CASE WHEN status = 'settled' THEN amount_fen END;

CREATE TABLE voucher_stat (
  dim   TEXT NOT NULL CHECK (dim IN ('pof', 'township', 'institution', 'group')),
  key   TEXT NOT NULL,
  month TEXT NOT NULL,
${measureColumns},
  PRIMARY KEY (dim, key, month)
) STRICT, WITHOUT ROWID;

${backfill('pof', "v.plan_id || '|' || v.occupation_code || '|' || v.fund_source")}
${backfill('township', "coalesce(v.stat_township, '')")}
${backfill('institution', 'CAST(coalesce(v.stat_institution, v.institution_id, 0) AS TEXT)')}
${backfill('group', 'g.value', `voucher v, json_each(CASE WHEN coalesce(v.stat_groups, '[]') = '[]' THEN '[""]' ELSE v.stat_groups END) g`)}

CREATE TRIGGER voucher_stat_insert AFTER INSERT ON voucher BEGIN
${upsert('NEW', 1)}
END;
CREATE TRIGGER voucher_stat_update AFTER UPDATE OF status, stat_institution, redeemed_on, certified_on, paid_fen ON voucher BEGIN
${upsert('OLD', -1)}
${upsert('NEW', 1)}
END;
CREATE TRIGGER voucher_stat_terms BEFORE UPDATE OF issue_date, plan_id, occupation_code, fund_source, stat_township, stat_groups, amount_fen ON voucher
BEGIN
  SELECT RAISE(ABORT, 'voucher statistics keys are immutable');
END;

CREATE TABLE settlement_batch (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  institution_id   INTEGER NOT NULL REFERENCES institution(id),
  status           TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'approved', 'paid', 'cancelled')),
  voucher_count    INTEGER NOT NULL CHECK (voucher_count >= 0),
  total_fen        INTEGER NOT NULL CHECK (total_fen >= 0),
  prepared_by      INTEGER NOT NULL REFERENCES app_user(id),
  prepared_at      TEXT NOT NULL,
  reviewed_by      INTEGER REFERENCES app_user(id),
  reviewed_at      TEXT,
  return_reason    TEXT,
  paid_on          TEXT,
  payment_ref      TEXT,
  note             TEXT NOT NULL DEFAULT '',
  -- Two people: whoever prepared a batch can never be the one who reviews it.
  CHECK (reviewed_by IS NULL OR reviewed_by <> prepared_by),
  CHECK ((status IN ('returned', 'approved', 'paid')) = (reviewed_by IS NOT NULL)),
  CHECK ((status = 'returned') = (return_reason IS NOT NULL)),
  CHECK ((status = 'paid') = (paid_on IS NOT NULL AND payment_ref IS NOT NULL))
) STRICT;
CREATE INDEX settlement_batch_status ON settlement_batch(status, institution_id);
CREATE TRIGGER settlement_lifecycle BEFORE UPDATE OF status ON settlement_batch
WHEN OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (
  VALUES ('submitted', 'approved'), ('submitted', 'returned'), ('submitted', 'cancelled'),
         ('returned', 'submitted'), ('returned', 'cancelled'), ('approved', 'paid'))
BEGIN
  SELECT RAISE(ABORT, 'illegal settlement transition');
END;
CREATE TRIGGER settlement_paid_frozen BEFORE UPDATE ON settlement_batch WHEN OLD.status = 'paid'
BEGIN
  SELECT RAISE(ABORT, 'a paid settlement batch cannot change');
END;

CREATE TABLE settlement_item (
  batch_id       INTEGER NOT NULL REFERENCES settlement_batch(id),
  voucher_id     INTEGER NOT NULL REFERENCES voucher(id),
  face_fen       INTEGER NOT NULL CHECK (face_fen > 0),
  amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0 AND amount_fen <= face_fen),
  attendance_pct INTEGER CHECK (attendance_pct IS NULL OR attendance_pct BETWEEN 0 AND 100),
  rule           TEXT NOT NULL CHECK (rule IN ('full', 'partial')),
  live           INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
  PRIMARY KEY (batch_id, voucher_id)
) STRICT, WITHOUT ROWID;
-- A voucher is in at most one batch that is not cancelled or trimmed away.
CREATE UNIQUE INDEX settlement_item_live ON settlement_item(voucher_id) WHERE live = 1;

CREATE TABLE settlement_event (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES settlement_batch(id),
  at       TEXT NOT NULL,
  user_id  INTEGER REFERENCES app_user(id),
  action   TEXT NOT NULL CHECK (action IN ('submit', 'return', 'resubmit', 'approve', 'pay', 'cancel', 'recover')),
  note     TEXT
) STRICT;
CREATE INDEX settlement_event_batch ON settlement_event(batch_id);

CREATE TABLE subsidy_recovery (
  id           INTEGER PRIMARY KEY,
  voucher_id   INTEGER NOT NULL REFERENCES voucher(id),
  batch_id     INTEGER NOT NULL REFERENCES settlement_batch(id),
  amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 2 AND 200),
  recovered_on TEXT NOT NULL,
  reference    TEXT NOT NULL DEFAULT '',
  created_by   INTEGER REFERENCES app_user(id),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX subsidy_recovery_voucher ON subsidy_recovery(voucher_id);
CREATE TRIGGER subsidy_recovery_limit BEFORE INSERT ON subsidy_recovery
WHEN NEW.amount_fen + (SELECT coalesce(sum(amount_fen), 0) FROM subsidy_recovery WHERE voucher_id = NEW.voucher_id)
     > (SELECT coalesce(paid_fen, 0) FROM voucher WHERE id = NEW.voucher_id)
BEGIN
  SELECT RAISE(ABORT, 'recovery exceeds the amount paid');
END;

-- The county's skill register: each worker's best certificate, for the 技能人才 goals.
CREATE TABLE worker_skill (
  worker_id INTEGER PRIMARY KEY REFERENCES worker(id),
  rank      INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 5)
) STRICT;
CREATE INDEX worker_skill_rank ON worker_skill(rank);
CREATE TRIGGER worker_skill_certificate AFTER INSERT ON certificate
WHEN NEW.worker_id IS NOT NULL AND NEW.type IN ('skill_level', 'special_ability')
BEGIN
  INSERT INTO worker_skill (worker_id, rank)
  VALUES (NEW.worker_id, CASE NEW.level WHEN 'L1' THEN 5 WHEN 'L2' THEN 4 WHEN 'L3' THEN 3 WHEN 'L4' THEN 2 ELSE 1 END)
  ON CONFLICT (worker_id) DO UPDATE SET rank = max(rank, excluded.rank);
END;
INSERT INTO worker_skill (worker_id, rank)
  SELECT worker_id, max(CASE level WHEN 'L1' THEN 5 WHEN 'L2' THEN 4 WHEN 'L3' THEN 3 WHEN 'L4' THEN 2 ELSE 1 END)
  FROM certificate WHERE worker_id IS NOT NULL AND type IN ('skill_level', 'special_ability') GROUP BY worker_id;

CREATE TABLE anomaly (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('class_overlap', 'attendance_outside', 'redemption_spike',
                                              'age_or_status', 'certificate_reuse', 'far_redemption')),
  subject        TEXT NOT NULL,
  worker_id      INTEGER REFERENCES worker(id),
  serial         TEXT,
  institution_id INTEGER REFERENCES institution(id),
  reason         TEXT NOT NULL,
  detected_at    TEXT NOT NULL,
  UNIQUE (kind, subject)
) STRICT;
CREATE INDEX anomaly_worker ON anomaly(worker_id);
CREATE INDEX anomaly_serial ON anomaly(serial);

-- Township seats, approximately (to a few km): enough to tell a redemption far from home.
ALTER TABLE township ADD COLUMN lat REAL;
ALTER TABLE township ADD COLUMN lon REAL;
UPDATE township SET lat = 24.59, lon = 98.69 WHERE code = '530523101';
UPDATE township SET lat = 24.77, lon = 98.80 WHERE code = '530523102';
UPDATE township SET lat = 24.44, lon = 98.99 WHERE code = '530523103';
UPDATE township SET lat = 24.62, lon = 98.92 WHERE code = '530523104';
UPDATE township SET lat = 24.38, lon = 98.83 WHERE code = '530523105';
UPDATE township SET lat = 24.74, lon = 98.62 WHERE code = '530523201';
UPDATE township SET lat = 24.51, lon = 98.82 WHERE code = '530523203';
UPDATE township SET lat = 24.60, lon = 98.55 WHERE code = '530523204';
UPDATE township SET lat = 24.33, lon = 98.70 WHERE code = '530523206';
UPDATE township SET lat = 24.25, lon = 99.03 WHERE code = '530523207';
CREATE INDEX redemption_redeemed_at ON redemption(redeemed_at);

INSERT OR IGNORE INTO setting (key, value) VALUES
  ('settleFullAttendancePct', '80'), ('settlePartialRatePct', '0'),
  ('targetPersonTimes', '10000'), ('targetSkilled', '20000'), ('targetHighSkill', '1000'),
  ('spikeFactor', '3'), ('spikeMin', '20'), ('farRedemptionKm', '40');
`,
};
