// voucher_stat on PostgreSQL: the statistics that SQLite's migration 008 keeps up to date with
// triggers, so that the dashboard reads a few hundred rows instead of a million vouchers. Every
// voucher is in one bucket per dimension at a time; an update takes its old row out (weight -1) and
// puts its new row in (+1). The buckets and measures are SQLite's, expression for expression:
// comparisons counted as 0/1, json_each over stat_groups, julianday day differences truncated.
//
// Unlike SQLite, the row triggers do not update voucher_stat themselves. Within one PostgreSQL
// transaction every update of a row leaves a version that the next update of it must step over, so
// a batch of vouchers landing in the same few buckets cost quadratic time (5,000 issued in one
// transaction: 16 s against 1.4 s without the triggers). They append their contributions to
// voucher_stat_pending instead, and one deferred trigger adds them up into voucher_stat when the
// transaction commits. voucher_stat is therefore exact after every commit, as on SQLite; only a read
// of it inside the writing transaction itself would not yet see that transaction's vouchers.
// Frozen like a migration once landed.

/** What one voucher row `v` adds to its bucket, per measure (multiplied by the weight w). */
const MEASURES: [name: string, expr: string][] = [
  ['n', '1'],
  ...['issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked'].map((s): [string, string] => [
    `n_${s}`,
    `(v.status = '${s}')::int`,
  ]),
  ['ever_redeemed', '(v.redeemed_on IS NOT NULL)::int'],
  ['ever_certified', '(v.certified_on IS NOT NULL)::int'],
  ['fen_total', 'v.amount_fen'],
  ...['issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked'].map((s): [string, string] => [
    `fen_${s}`,
    `(v.status = '${s}')::int * v.amount_fen`,
  ]),
  ['fen_paid', 'coalesce(v.paid_fen, 0)'],
  // CAST(julianday(b) - julianday(a) AS INTEGER): the difference of two doubles, truncated toward 0.
  ['days_sum', 'coalesce(trunc(longling_julianday(v.redeemed_on) - longling_julianday(v.issue_date))::bigint, 0)'],
];

const names = MEASURES.map(([m]) => m);
const columns = (type: string) => names.map((m) => `  ${m} ${type}`).join(',\n');

/** The transaction-local flag: set while contributions wait in voucher_stat_pending. */
const PENDING = `'longling.voucher_stat_pending'`;

export const VOUCHER_STAT_SQL = `
CREATE TABLE voucher_stat (
  dim   text NOT NULL CHECK (dim IN ('pof', 'township', 'institution', 'group')),
  key   text NOT NULL,
  month text NOT NULL,
${columns('bigint NOT NULL DEFAULT 0')},
  PRIMARY KEY (dim, key, month)
);

-- Contributions of the open transaction, added up into voucher_stat at its commit (empty otherwise).
CREATE TABLE voucher_stat_pending (
  dim   text NOT NULL,
  key   text NOT NULL,
  month text NOT NULL,
${columns('bigint NOT NULL')}
);

-- The value column of json_each over stat_groups, '' for a holder in no group.
CREATE FUNCTION voucher_stat_groups(groups text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF coalesce(groups, '[]') = '[]' THEN
    RETURN NEXT '';
  ELSE
    RETURN QUERY SELECT longling_json_values(groups);
  END IF;
END $$;

-- Voucher v in each dimension's bucket, w = 1 (in) or -1 (out). A holder in several target groups
-- counts once in each; a group listed twice counts twice, as json_each does.
CREATE FUNCTION voucher_stat_add(v voucher, w bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO voucher_stat_pending (dim, key, month, ${names.join(', ')})
  SELECT b.dim, b.key, substr(v.issue_date, 1, 7), ${MEASURES.map(([, e]) => `w * ${e}`).join(', ')}
  FROM (
    VALUES ('pof', v.plan_id || '|' || v.occupation_code || '|' || v.fund_source),
           ('township', coalesce(v.stat_township, '')),
           ('institution', CAST(coalesce(v.stat_institution, v.institution_id, 0) AS text))
    UNION ALL
    SELECT 'group', g FROM voucher_stat_groups(v.stat_groups) AS g
  ) AS b (dim, key);
  PERFORM set_config(${PENDING}, 'on', true);
END $$;

CREATE FUNCTION voucher_stat_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM voucher_stat_add(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER voucher_stat_insert AFTER INSERT ON voucher FOR EACH ROW EXECUTE FUNCTION voucher_stat_insert();

CREATE FUNCTION voucher_stat_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM voucher_stat_add(OLD, -1);
  PERFORM voucher_stat_add(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER voucher_stat_update AFTER UPDATE OF status, stat_institution, redeemed_on, certified_on, paid_fen
  ON voucher FOR EACH ROW EXECUTE FUNCTION voucher_stat_update();

CREATE TRIGGER voucher_stat_terms
  BEFORE UPDATE OF issue_date, plan_id, occupation_code, fund_source, stat_township, stat_groups, amount_fen
  ON voucher FOR EACH ROW EXECUTE FUNCTION longling_refuse('voucher statistics keys are immutable');

-- At commit: every pending contribution into its bucket, one upsert per bucket. Queued only by the
-- first pending row after the flag was cleared (the WHEN of a constraint trigger is evaluated at
-- once), so a transaction of 10,000 vouchers adds up once, not 10,000 times.
CREATE FUNCTION voucher_stat_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting(${PENDING}, true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(${PENDING}, 'off', true);
  WITH done AS (DELETE FROM voucher_stat_pending RETURNING *)
  INSERT INTO voucher_stat AS s (dim, key, month, ${names.join(', ')})
  SELECT dim, key, month, ${names.map((m) => `sum(${m})`).join(', ')} FROM done GROUP BY dim, key, month
  ON CONFLICT (dim, key, month) DO UPDATE SET ${names.map((m) => `${m} = s.${m} + excluded.${m}`).join(', ')};
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER voucher_stat_fold AFTER INSERT ON voucher_stat_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting(${PENDING}, true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION voucher_stat_fold();
`;
