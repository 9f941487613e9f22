// Which reads the PostgreSQL driver may keep between write transactions: only plain SELECTs of the
// stamped catalogue tables, with nothing that depends on when they run. Anything it cannot read for
// sure is an ordinary read (kept for one transaction at most).
import { describe, expect, it } from 'vitest';
import { stampedTableWritten } from '../../electron/db/driver/sharedWrites';
import { isStableRead, stableStore } from '../../electron/db/driver/stableReads';

describe('isStableRead', () => {
  it('takes the catalogue reads a redemption repeats', () => {
    expect(isStableRead('SELECT key, value FROM setting')).toBe(true);
    expect(isStableRead('SELECT * FROM signing_key WHERE active = 1')).toBe(true);
    expect(isStableRead('SELECT code, name, category, active FROM occupation WHERE code = $1')).toBe(true);
    expect(
      isStableRead(`SELECT i.*, (SELECT coalesce(CAST(json_agg(x) AS TEXT), '[]')
        FROM institution_approval a WHERE a.institution_id = i.id) AS approvals FROM institution i WHERE i.id = $1`),
    ).toBe(true);
    expect(isStableRead('SELECT 1 FROM "plan" p JOIN plan_group g ON g.plan_id = p.id')).toBe(true);
  });

  it('refuses a read of any other table, anywhere in the statement', () => {
    expect(isStableRead('SELECT id FROM voucher WHERE serial = $1')).toBe(false);
    expect(isStableRead('SELECT * FROM institution i JOIN voucher v ON v.institution_id = i.id')).toBe(false);
    expect(isStableRead('SELECT (SELECT count(*) FROM worker) AS n FROM setting')).toBe(false);
    expect(isStableRead('SELECT * FROM setting WHERE key IN (SELECT key FROM audit_log)')).toBe(false);
    expect(isStableRead('SELECT * FROM setting UNION SELECT username, role FROM app_user')).toBe(false);
  });

  it('refuses what it cannot read for sure: comma joins, functions and subqueries in FROM', () => {
    expect(isStableRead('SELECT * FROM setting s, voucher v')).toBe(false);
    expect(isStableRead('SELECT * FROM setting AS s , voucher')).toBe(false);
    expect(isStableRead('SELECT * FROM json_each($1)')).toBe(false);
    expect(isStableRead('SELECT * FROM (SELECT * FROM setting) s')).toBe(false);
    expect(isStableRead('SELECT * FROM ONLY setting')).toBe(false);
    expect(isStableRead('SELECT 1')).toBe(false);
    // Found by a red-team: a comma after ON or USING, a quoted alias, TABLE.
    expect(isStableRead('SELECT * FROM institution i JOIN plan p ON p.id = i.id, voucher v')).toBe(false);
    expect(isStableRead('SELECT * FROM institution i JOIN plan p USING (id), voucher v')).toBe(false);
    expect(isStableRead('SELECT * FROM institution "i", voucher v')).toBe(false);
    expect(isStableRead('SELECT * FROM setting WHERE key IN (TABLE voucher)')).toBe(false);
    // A comma elsewhere is not a FROM clause's: an IN-list, a function's arguments, a USING list.
    expect(isStableRead("SELECT key, value FROM setting WHERE key IN ('a', 'b') ORDER BY key, value")).toBe(true);
    expect(isStableRead('SELECT * FROM plan p JOIN plan_group g USING (plan_id, code) WHERE p.id = $1')).toBe(true);
    expect(isStableRead("SELECT (SELECT count(*) FROM plan_group), coalesce(x, 'a,b') FROM setting")).toBe(true);
  });

  it('refuses a read whose answer depends on the moment or takes a lock', () => {
    expect(isStableRead('SELECT * FROM subsidy_standard WHERE valid_from <= CURRENT_DATE')).toBe(false);
    expect(isStableRead("SELECT * FROM subsidy_standard WHERE valid_from <= date('now')")).toBe(false);
    expect(isStableRead('SELECT now(), key FROM setting')).toBe(false);
    expect(isStableRead('SELECT random() FROM setting')).toBe(false);
    expect(isStableRead("SELECT * FROM subsidy_standard WHERE valid_from <= 'today'::date")).toBe(false);
    expect(isStableRead("SELECT * FROM subsidy_standard WHERE valid_from <= CAST('now' AS date)")).toBe(false);
    expect(isStableRead('SELECT age(valid_from) FROM subsidy_standard')).toBe(false);
    expect(isStableRead("SELECT current_setting('search_path') FROM setting")).toBe(false);
    expect(isStableRead('SELECT user, current_role FROM setting')).toBe(false);
    expect(isStableRead('SELECT * FROM setting FOR UPDATE')).toBe(false);
    expect(isStableRead('SELECT * FROM setting FOR SHARE')).toBe(false);
    expect(isStableRead('UPDATE setting SET value = 1 RETURNING *')).toBe(false);
  });
});

describe('stableStore', () => {
  it('keeps reads under one stamp and forgets them all when the stamp changes or is missing', () => {
    const s = stableStore();
    s.begin('a'.repeat(32));
    s.set('k', 1);
    expect(s.has('k')).toBe(true);
    s.begin('a'.repeat(32));
    expect(s.get('k')).toBe(1);
    s.begin('b'.repeat(32));
    expect(s.has('k')).toBe(false);
    s.set('k', 2);
    s.begin(null);
    expect(s.has('k')).toBe(false);
    s.set('k', 3);
    expect(s.has('k')).toBe(false);
  });
});

describe('stampedTableWritten (what a shared writer may not do)', () => {
  it('finds the stamped table written, wherever the writing keyword stands', () => {
    expect(stampedTableWritten('UPDATE setting SET value = $1 WHERE key = $2')).toBe('setting');
    expect(stampedTableWritten('INSERT INTO institution (code) VALUES ($1) RETURNING id')).toBe('institution');
    expect(stampedTableWritten('INSERT OR IGNORE INTO occupation (code) VALUES (?)')).toBe('occupation');
    expect(stampedTableWritten('DELETE FROM ONLY "plan" WHERE id = $1')).toBe('plan');
    expect(stampedTableWritten('WITH d AS (DELETE FROM plan_group RETURNING *) SELECT count(*) FROM d')).toBe(
      'plan_group',
    );
    expect(stampedTableWritten('TRUNCATE TABLE signing_key')).toBe('signing_key');
  });

  it('lets through the writes of other tables and what only mentions a stamped one', () => {
    expect(stampedTableWritten('UPDATE voucher SET status = $1 WHERE id = $2')).toBeNull();
    expect(stampedTableWritten("INSERT INTO audit_log (action) VALUES ('UPDATE setting')")).toBeNull();
    expect(
      stampedTableWritten('INSERT INTO idempotency (k) VALUES ($1) ON CONFLICT (k) DO UPDATE SET v = excluded.v'),
    ).toBeNull();
    expect(
      stampedTableWritten('SELECT v.id FROM voucher v JOIN institution i ON i.id = v.institution_id FOR UPDATE'),
    ).toBeNull();
    expect(stampedTableWritten('SELECT * FROM setting')).toBeNull();
  });
});
