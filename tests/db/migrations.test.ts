import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { migrate, schemaVersion } from '../../electron/db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/db/migrations';
import { makeId } from '../fixtures/ids';

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'longling-mig-')), 'm.db');

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
}

/** Data a real install would have at each version, inserted before migrating onwards. */
const fixtures: Record<number, (db: Database.Database) => void> = {
  1: (db) => {
    db.prepare("INSERT INTO setting (key, value) VALUES ('idleLockMinutes', '15')").run();
    db.prepare(
      "INSERT INTO app_user (username, display_name, role, password_hash, created_at) VALUES ('old', '旧管理员', 'admin', 'x', '2025-01-01')",
    ).run();
  },
  2: (db) => {
    db.prepare("INSERT OR IGNORE INTO township (code, name, sort) VALUES ('530523101', '龙山镇', 1)").run();
  },
  3: (db) => {
    db.prepare(
      `INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
       VALUES ('11010519491231002X', '王五', 'F', '1949-12-31', '汉族', 'junior', '530523102', 'agricultural', 'farming', 'now', 'now')`,
    ).run();
  },
};

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('build an empty database up to the latest version with STRICT tables', () => {
    const db = openDatabase(tmpFile());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'app_user',
        'audit_log',
        'audit_head',
        'setting',
        'township',
        'worker',
        'worker_target_group',
      ]),
    );
    const notStrict = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    expect(notStrict).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((db.prepare('SELECT count(*) AS n FROM township').get() as { n: number }).n).toBe(10);
    db.close();
  });

  for (const from of MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST_VERSION)) {
    it(`upgrade a version ${from} database with data in it to the latest, keeping the data`, () => {
      const file = tmpFile();
      const raw = new Database(file);
      raw.pragma('foreign_keys = ON');
      for (let v = 1; v <= from; v++) {
        migrate(raw, v);
        fixtures[v]?.(raw);
      }
      expect(schemaVersion(raw)).toBe(from);
      raw.close();

      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      for (let v = from + 1; v <= LATEST_VERSION; v++) fixtures[v]?.(db);
      const user = db.prepare("SELECT display_name FROM app_user WHERE username = 'old'").get() as {
        display_name: string;
      };
      expect(user.display_name).toBe('旧管理员');
      expect(db.prepare("SELECT value FROM setting WHERE key = 'idleLockMinutes'").pluck().get()).toBe('15');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('version 8 counts the vouchers of an older install into its statistics, and keeps them exact after', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 7);
    raw.exec(`
      INSERT INTO institution (id, code, name) VALUES (3, 'OLD-1', '旧机构');
      INSERT INTO signing_key (kid, alg, public_key_pem, protection, valid_from, active) VALUES ('key1', 'EdDSA', 'x', 'none', '2025-01-01', 1);
      INSERT INTO worker (id, id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
        VALUES (1, '11010519491231002X', '王五', 'F', '1949-12-31', '汉族', 'junior', '530523102', 'agricultural', 'farming', 'now', 'now');
      INSERT INTO worker_target_group (worker_id, group_code) VALUES (1, 'rural_labor'), (1, 'veteran');
    `);
    const plan = raw.prepare("SELECT id FROM plan WHERE code = 'skills_upgrade'").pluck().get() as number;
    const voucher = raw.prepare(
      `INSERT INTO voucher (serial, year, seq, fallback_code, worker_id, plan_id, occupation_code, level, amount_fen, fund_source,
         issue_date, expiry_date, issued_at, kid, qr_text, status, status_at)
       VALUES (?, 2025, ?, ?, 1, ?, '4-10-01-05', 'L5', 150000, 'employment_subsidy', ?, '2025-12-31', 'x', 'key1', 'q', ?, 'x')`,
    );
    voucher.run('530523-2025-000001-7', 1, 'F1', plan, '2025-03-02', 'issued');
    voucher.run('530523-2025-000002-5', 2, 'F2', plan, '2025-04-02', 'redeemed');
    raw.exec(`INSERT INTO redemption (serial, institution_code, redeemed_at, holder_confirmed, qr_text, source, record_uid)
              VALUES ('530523-2025-000002-5', 'OLD-1', '2025-04-12T02:00:00Z', 1, 'q', 'local', 'r1')`);
    raw.close();

    const db = openDatabase(file);
    const stat = (dim: string) =>
      db
        .prepare(
          'SELECT key, month, n, n_issued, ever_redeemed, days_sum, fen_issued FROM voucher_stat WHERE dim = ? ORDER BY key, month',
        )
        .all(dim);
    expect(stat('institution')).toEqual([
      { key: '0', month: '2025-03', n: 1, n_issued: 1, ever_redeemed: 0, days_sum: 0, fen_issued: 150000 },
      { key: '3', month: '2025-04', n: 1, n_issued: 0, ever_redeemed: 1, days_sum: 10, fen_issued: 0 },
    ]);
    expect(stat('group').map((r) => (r as { key: string }).key)).toEqual([
      'rural_labor',
      'rural_labor',
      'veteran',
      'veteran',
    ]);
    expect(stat('township').every((r) => (r as { key: string }).key === '530523102')).toBe(true);
    // From here on the triggers keep it: the issued voucher expires.
    db.prepare("UPDATE voucher SET status = 'expired' WHERE seq = 1").run();
    expect(
      db
        .prepare("SELECT sum(n_issued), sum(n_expired), sum(fen_issued) FROM voucher_stat WHERE dim = 'pof'")
        .raw()
        .get(),
    ).toEqual([0, 1, 0]);
    db.close();
  });

  it('version 12 keeps every worker, their groups and vouchers, and lets a roster leave four fields 待补充', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 11);
    raw.exec(`
      INSERT INTO signing_key (kid, alg, public_key_pem, protection, valid_from, active) VALUES ('key1', 'EdDSA', 'x', 'none', '2025-01-01', 1);
      INSERT INTO worker (id, id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
        VALUES (7, '11010519491231002X', '王五', 'F', '1949-12-31', '彝族', 'junior', '530523102', 'agricultural', 'farming', 'now', 'now');
      INSERT INTO worker_target_group (worker_id, group_code) VALUES (7, 'rural_labor');
    `);
    const plan = raw.prepare("SELECT id FROM plan WHERE code = 'skills_upgrade'").pluck().get() as number;
    raw
      .prepare(
        `INSERT INTO voucher (serial, year, seq, fallback_code, worker_id, plan_id, occupation_code, level, amount_fen, fund_source,
           issue_date, expiry_date, issued_at, kid, qr_text, status, status_at)
         VALUES ('530523-2025-000001-7', 2025, 1, 'F1', 7, ?, '4-10-01-05', 'L5', 150000, 'employment_subsidy', '2025-03-02', '2025-12-31', 'x', 'key1', 'q', 'issued', 'x')`,
      )
      .run(plan);
    raw.close();

    const db = openDatabase(file);
    expect(
      db
        .prepare('SELECT id, name, ethnicity, education, household_type, employment_status, id_last4 FROM worker')
        .all(),
    ).toEqual([
      {
        id: 7,
        name: '王五',
        ethnicity: '彝族',
        education: 'junior',
        household_type: 'agricultural',
        employment_status: 'farming',
        id_last4: '002X',
      },
    ]);
    expect(db.prepare('SELECT count(*) FROM worker_target_group').pluck().get()).toBe(1);
    expect(db.prepare('SELECT worker_id FROM voucher').pluck().get()).toBe(7);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare('UPDATE worker SET household_type = NULL, ethnicity = NULL WHERE id = 7').run();
    expect(() => db.prepare("UPDATE worker SET household_type = 'urban' WHERE id = 7").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE worker SET ethnicity = '火星' WHERE id = 7").run()).toThrow(/CHECK/);
    db.close();
  });

  it('version 14 keeps the anomalies found so far, learns 补签 anomalies, voided sessions and holder fingerprints', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 13);
    raw.exec(`
      INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('class_overlap', 's1', '同时在两个班', '2026-01-01');
    `);
    raw.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT kind, subject, reason FROM anomaly').all()).toEqual([
      { kind: 'class_overlap', subject: 's1', reason: '同时在两个班' },
    ]);
    db.prepare(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('attendance_makeup', 's2', '补签', '2026-01-02')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('attendance') WHERE name = 'voided'").pluck().get()).toBe(
      1,
    );
    expect(
      db.prepare("SELECT count(*) FROM pragma_table_info('redemption') WHERE name = 'holder_fp'").pluck().get(),
    ).toBe(1);
    db.close();
  });

  it('version 15 keeps workers and accounts: older names wait for their pinyin key, nobody must change a password', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 13);
    raw
      .prepare(
        "INSERT INTO app_user (username, display_name, role, password_hash, created_at) VALUES ('old', '旧管理员', 'admin', 'x', '2025-01-01')",
      )
      .run();
    fixtures[3]!(raw);
    raw.close();

    const db = openDatabase(file);
    expect(db.prepare("SELECT name, name_pinyin FROM worker WHERE name = '王五'").get()).toEqual({
      name: '王五',
      name_pinyin: null,
    });
    // The partial index the housekeeping round reads to find them.
    expect(db.prepare('SELECT id FROM worker WHERE name_pinyin IS NULL').pluck().all()).toHaveLength(1);
    expect(db.prepare("SELECT must_change_password FROM app_user WHERE username = 'old'").pluck().get()).toBe(0);
    expect(() => db.prepare('UPDATE app_user SET must_change_password = 2').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE worker SET name_pinyin = 'wang5'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE worker SET name_pinyin = 'wangwu ww wu w'").run();
    db.close();
  });

  it('version 16 indexes the names already there by their bigrams, and the last four digits of phones', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 15);
    const insert = raw.prepare(
      `INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, phone, township_code, household_type, employment_status, created_at, updated_at)
       VALUES (?, ?, 'F', '1990-01-01', '汉族', 'junior', ?, '530523102', 'agricultural', 'farming', 'now', 'now')`,
    );
    insert.run(makeId('530523', '19900101', 101), '欧阳丽丽', '13812345678');
    insert.run(makeId('530523', '19900101', 103), '王', null);
    raw.close();

    const db = openDatabase(file);
    const grams = (name: string) =>
      db
        .prepare(
          'SELECT g.gram FROM worker_name_gram g JOIN worker w ON w.id = g.worker_id WHERE w.name = ? ORDER BY g.gram',
        )
        .pluck()
        .all(name);
    // Each bigram once (丽丽), none for a one-character name.
    expect(grams('欧阳丽丽')).toEqual(['丽丽', '欧阳', '阳丽'].sort());
    expect(grams('王')).toEqual([]);
    expect(db.prepare("SELECT phone_last4 FROM worker WHERE name = '欧阳丽丽'").pluck().get()).toBe('5678');
    expect(() => db.prepare("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('丽', 1)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('version 17 changes nothing on SQLite: the audit head still follows every row', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 16);
    const before = raw.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();
    const insert = raw.prepare(
      "INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES (?, 'now', 'x:y', 'create', 'worker', ?, ?)",
    );
    insert.run(1, '0'.repeat(64), '1'.repeat(64));
    raw.close();
    const db = new Database(file);
    migrate(db, 17);
    expect(db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
    db.prepare(
      "INSERT INTO audit_log (id, at, channel, action, entity, prev_hash, hash) VALUES (2, 'now', 'x:y', 'create', 'worker', ?, ?), (3, 'now', 'x:y', 'create', 'worker', ?, ?)",
    ).run('1'.repeat(64), '2'.repeat(64), '2'.repeat(64), '3'.repeat(64));
    expect(db.prepare('SELECT last_id, hash FROM audit_head').get()).toEqual({ last_id: 3, hash: '3'.repeat(64) });
    expect(db.pragma('user_version', { simple: true })).toBe(17);
    db.close();
  });

  it('version 18 keeps every name bigram and their checks, without the foreign key checked per bigram', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(raw, 17);
    raw
      .prepare(
        `INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at)
         VALUES (?, '欧阳丽丽', 'F', '1990-01-01', '汉族', 'junior', '530523102', 'agricultural', 'farming', 'now', 'now')`,
      )
      .run(makeId('530523', '19900101', 101));
    raw.prepare("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('欧阳', 1), ('阳丽', 1), ('丽丽', 1)").run();
    const before = raw.prepare('SELECT gram, worker_id FROM worker_name_gram ORDER BY gram').all();
    expect(before).toHaveLength(3);
    raw.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT gram, worker_id FROM worker_name_gram ORDER BY gram').all()).toEqual(before);
    expect(db.pragma('foreign_key_list(worker_name_gram)')).toEqual([]);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'worker_name_gram'").pluck().get()).toMatch(
      /STRICT, WITHOUT ROWID$/,
    );
    expect(() => db.prepare("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('丽', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO worker_name_gram (gram, worker_id) VALUES ('欧阳', 1)").run()).toThrow(
      /UNIQUE|PRIMARY/,
    );
    // The search still finds the worker by a bigram of the name.
    expect(
      db
        .prepare("SELECT w.name FROM worker w JOIN worker_name_gram g ON g.worker_id = w.id WHERE g.gram = '阳丽'")
        .pluck()
        .all(),
    ).toEqual(['欧阳丽丽']);
    db.close();
  });

  it('version 19 adds the shared count of unknown login names, keyed by a 16-character fingerprint', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 18);
    expect(tables(raw)).not.toContain('login_unknown');
    raw.close();
    const db = new Database(file);
    migrate(db, 19);
    expect(schemaVersion(db)).toBe(19);
    const put = db.prepare(
      'INSERT INTO login_unknown (name_fp, failures, locked_until, updated_at) VALUES (?, ?, NULL, ?)',
    );
    put.run('0123456789abcdef', 1, 'now');
    expect(() => put.run('short', 1, 'now')).toThrow(/CHECK/);
    expect(() => put.run('fedcba9876543210', 0, 'now')).toThrow(/CHECK/);
    expect(() => put.run('0123456789abcdef', 2, 'now')).toThrow(/UNIQUE|PRIMARY/);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE tbl_name = 'login_unknown' AND type = 'index' AND sql IS NOT NULL",
        )
        .pluck()
        .all(),
    ).toEqual(['login_unknown_updated']);
    db.close();
  });

  it('version 20 drops the idle index of unknown login names, keeping their counts', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 19);
    raw
      .prepare('INSERT INTO login_unknown (name_fp, failures, locked_until, updated_at) VALUES (?, ?, NULL, ?)')
      .run('0123456789abcdef', 3, 'then');
    raw.close();
    const db = new Database(file);
    migrate(db, 20);
    expect(schemaVersion(db)).toBe(20);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'login_unknown' AND type = 'index' AND sql IS NOT NULL")
      .pluck()
      .all();
    expect(indexes).toEqual([]);
    expect(db.prepare('SELECT name_fp, failures FROM login_unknown').all()).toEqual([
      { name_fp: '0123456789abcdef', failures: 3 },
    ]);
    db.close();
  });

  it('version 21 lets an institution key be marked superseded, keeping the keys bound before', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 20);
    raw.prepare("INSERT INTO institution (id, code, name) VALUES (1, 'LL-PX-001', '培训学校')").run();
    raw
      .prepare('INSERT INTO institution_key (kid, institution_id, public_key_pem, bound_at) VALUES (?, 1, ?, ?)')
      .run('k-old', 'pem', '2026-01-01T00:00:00.000Z');
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kid, superseded_at FROM institution_key').all()).toEqual([
      { kid: 'k-old', superseded_at: null },
    ]);
    db.prepare("UPDATE institution_key SET superseded_at = '2026-12-06T00:00:00.000Z' WHERE kid = 'k-old'").run();
    db.close();
  });

  it('version 22 keeps the anomalies found so far and lets 迟报 (late_claim) be flagged', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 21);
    raw.exec(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('attendance_makeup', 's1', '补签', '2026-01-01')",
    );
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kind, subject, reason, detected_at FROM anomaly').all()).toEqual([
      { kind: 'attendance_makeup', subject: 's1', reason: '补签', detected_at: '2026-01-01' },
    ]);
    db.prepare(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('late_claim', 's2', '迟报', 'now')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'anomaly' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual(['anomaly_serial', 'anomaly_worker', 'sqlite_autoindex_anomaly_1']);
    db.close();
  });

  it('version 23 keeps the anomalies found so far and lets 同号申报 (copied_claim) be flagged', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 22);
    raw.exec(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('late_claim', 's1', '迟报', '2026-01-01')",
    );
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kind, subject, reason, detected_at FROM anomaly').all()).toEqual([
      { kind: 'late_claim', subject: 's1', reason: '迟报', detected_at: '2026-01-01' },
    ]);
    db.prepare(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('copied_claim', 's2', '同号申报', 'now')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'anomaly' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual(['anomaly_serial', 'anomaly_worker', 'sqlite_autoindex_anomaly_1']);
    db.close();
  });

  it('version 24 keeps the anomalies found so far and lets 一券两家申报 (contested_redemption) be flagged', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 23);
    raw.exec(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('copied_claim', 's1', '同号申报', '2026-01-01')",
    );
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kind, subject, reason, detected_at FROM anomaly').all()).toEqual([
      { kind: 'copied_claim', subject: 's1', reason: '同号申报', detected_at: '2026-01-01' },
    ]);
    db.prepare(
      "INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('contested_redemption', 's2', '一券两家申报', 'now')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO anomaly (kind, subject, reason, detected_at) VALUES ('x', 's3', '?', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'anomaly' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual(['anomaly_serial', 'anomaly_worker', 'sqlite_autoindex_anomaly_1']);
    db.close();
  });

  it('version 25 keeps the claim records imported so far and lets a record keep the time it stated', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 24);
    raw.exec(
      "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason) VALUES ('1:r1', '1:p1', 'redemption', 'S1', 'applied', NULL)",
    );
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT record_uid, stated_at FROM claim_record WHERE record_uid = '1:r1'").all()).toEqual([
      { record_uid: '1:r1', stated_at: null },
    ]);
    db.prepare(
      "INSERT INTO claim_record (record_uid, package_id, kind, serial, outcome, reason, stated_at) VALUES ('1:r2', '1:p1', 'redemption', 'S2', 'conflict', '已由 某机构 于 2026-11-29 先行核销', '2026-11-28T01:00:00.000Z')",
    ).run();
    expect(db.prepare("SELECT stated_at FROM claim_record WHERE record_uid = '1:r2'").pluck().get()).toBe(
      '2026-11-28T01:00:00.000Z',
    );
    db.close();
  });

  it('version 26 keeps the catalogue as it was and stamps it, a new stamp with each later change of it', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 25);
    raw.exec(
      "INSERT INTO setting (key, value) VALUES ('idleLockMinutes', '20') ON CONFLICT (key) DO UPDATE SET value = '20'",
    );
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const stamp = () => db.prepare('SELECT stamp FROM ref_stamp WHERE id = 1').pluck().get() as string;
    const first = stamp();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(db.prepare("SELECT value FROM setting WHERE key = 'idleLockMinutes'").pluck().get()).toBe('20');
    db.prepare('UPDATE occupation SET active = 0 WHERE code = (SELECT min(code) FROM occupation)').run();
    expect(stamp()).not.toBe(first);
    expect(() => db.prepare("INSERT INTO ref_stamp (id, stamp) VALUES (2, '0123456789abcdef')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('version 27 changes nothing on SQLite: the catalogue stamp still follows every change', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 26);
    const before = raw.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();
    raw.close();
    const db = new Database(file);
    migrate(db, 27);
    expect(db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
    const stamp = () => db.prepare('SELECT stamp FROM ref_stamp').pluck().get();
    const first = stamp();
    db.prepare("INSERT INTO setting (key, value) VALUES ('stamp.test', '1')").run();
    expect(stamp()).not.toBe(first);
    expect(db.pragma('user_version', { simple: true })).toBe(27);
    db.close();
  });

  it('version 28 changes nothing on SQLite (its functions are PostgreSQL’s)', () => {
    const file = tmpFile();
    const raw = new Database(file);
    migrate(raw, 27);
    const before = raw.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();
    migrate(raw, 28);
    expect(raw.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
    expect(raw.pragma('user_version', { simple: true })).toBe(28);
    raw.close();
  });

  it('refuse, with a clear message, a database made by a newer version', () => {
    const file = tmpFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/高于本程序支持的版本.*请升级本程序/);
    const again = new Database(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION + 1);
    expect(tables(again)).toEqual([]);
    again.close();
  });

  it('roll back a failing migration whole, leaving the previous version', () => {
    const file = tmpFile();
    const raw = new Database(file);
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: 'broken', up: 'CREATE TABLE half (x INTEGER) STRICT; SELECT no_such_fn();' },
    ];
    expect(() => migrate(raw, 2, broken)).toThrow();
    expect(schemaVersion(raw)).toBe(1);
    expect(tables(raw)).not.toContain('half');
    raw.close();
  });

  it('refuse to open a file that is not a database', async () => {
    const file = tmpFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(200));
    expect(() => openDatabase(file)).toThrow(/不是本程序的数据库文件/);
  });
});
