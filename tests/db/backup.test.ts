import { LATEST_VERSION } from '../../electron/db/migrations';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backupTo, checkBackup, listBackups } from '../../electron/services/backup/backup';
import { scheduledBackup } from '../../electron/services/backup/backup.service';
import { jobCtx, systemCall } from '../../electron/core/callContext';
import { runCli } from '../fixtures/cli';
import { makeTestEnv, PASSWORD, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { sqliteOnly } from '../fixtures/testStore';

let t: TestEnv;
let clerk: string;
beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  for (let i = 0; i < 3; i++) await t.must(clerk, 'worker:create', workerInput({ seq: 300 + i }));
});
afterEach(() => t.close());

sqliteOnly('backups', () => {
  it('copies the live database while it is in use, as one checked file', async () => {
    const out = join(t.dir, 'usb', 'copy.db');
    const pending = await backupTo(t.sqliteDb(), out);
    // The app keeps writing during the backup.
    await t.must(clerk, 'worker:create', workerInput({ seq: 399 }));
    const check = await pending;
    expect(check).toMatchObject({ ok: true, schemaVersion: LATEST_VERSION, problem: null });
    expect(check.workers).toBeGreaterThanOrEqual(3);
    expect(readdirSync(join(t.dir, 'usb'))).toEqual(['copy.db']);
  });

  it('makes the daily backup into the configured folder, once a day, keeping the newest N', async () => {
    const dir = join(t.dir, 'backups');
    expect(await scheduledBackup(jobCtx(t.env, systemCall('housekeeping')))).toBeNull(); // no folder configured
    await t.must(t.adminToken, 'settings:update', { backupDir: dir, backupKeep: 2 });
    const first = await scheduledBackup(jobCtx(t.env, systemCall('housekeeping')));
    expect(first?.file).toMatch(/longling-20261129-\d{6}\.db$/);
    expect(await scheduledBackup(jobCtx(t.env, systemCall('housekeeping')))).toBeNull(); // not a day old yet
    for (let d = 0; d < 3; d++) {
      t.clock.advance(86_400_000);
      expect(await scheduledBackup(jobCtx(t.env, systemCall('housekeeping')))).not.toBeNull();
    }
    const kept = listBackups(dir);
    expect(kept).toHaveLength(2);
    expect(kept[0]!.file > kept[1]!.file).toBe(true);
    // A pruned backup takes its witness with it: the folder holds the kept ones and theirs only.
    expect(readdirSync(dir).sort()).toEqual(
      kept.flatMap((k) => [basename(k.file), `${basename(k.file)}.witness.json`]).sort(),
    );
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });
    const status = await t.must(t.adminToken, 'backup:list', {});
    expect(status).toMatchObject({ dir, keep: 2, lastBackupAt: '2026-12-02T02:00:00.000Z' });
    const audit = await t.must(t.adminToken, 'audit:list', { entity: 'database', page: 1, pageSize: 10 });
    expect(audit.total).toBe(4);
  });

  it('refuses to restore a damaged file, a newer version, a broken audit chain, or while the app has it open', async () => {
    const good = join(t.dir, 'good.db');
    await backupTo(t.sqliteDb(), good);
    const truncated = join(t.dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(good).subarray(0, 8192));
    const flipped = join(t.dir, 'flipped.db');
    const bytes = readFileSync(good);
    for (let i = 4096 * 2; i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(flipped, bytes);
    const newer = join(t.dir, 'newer.db');
    copyFileSync(good, newer);
    new Database(newer).pragma('user_version = 99');
    const tampered = join(t.dir, 'tampered.db');
    copyFileSync(good, tampered);
    const raw = new Database(tampered);
    raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = 'someone' WHERE id = 2;");
    raw.close();
    expect((await checkBackup(truncated)).ok).toBe(false);
    expect((await checkBackup(flipped)).ok).toBe(false);
    expect((await checkBackup(newer)).problem).toContain('更新版本');
    // Row 2 is chained with the install secret's key: only a check that has the secret sees the edit.
    expect((await checkBackup(tampered, t.env.secrets)).problem).toContain('审计日志链');

    const target = join(t.dir, 'target.db');
    copyFileSync(good, target);
    copyFileSync(`${t.file}.secret`, `${target}.secret`);
    for (const bad of [truncated, newer, tampered]) {
      const r = runCli(['restore', '--db', target, '--from', bad]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('未恢复');
    }
    // The test's own database is open in this process: restoring over it is refused.
    const busy = runCli(['restore', '--db', t.file, '--from', good]);
    expect(busy.stderr).toContain('请先关闭');
  });

  it('restores a checked backup over the database, keeping a safety copy of what was there', async () => {
    const file = join(t.dir, 'app.db');
    const cli = (args: string[]) => runCli([...args, '--db', file]);
    expect(runCli(['init', '--admin', 'admin', '--db', file], { LONGLING_ADMIN_PASSWORD: 'Passw0rd1' }).code).toBe(0);
    const backup = join(t.dir, 'b.db');
    const made = cli(['backup', '--out', backup, '--json']);
    expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, workers: 0 });
    // A change after the backup; the restore takes it away but keeps it in the safety copy.
    const db = new Database(file);
    db.prepare(
      "INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, township_code, household_type, employment_status, created_at, updated_at) VALUES (?, '后来者', 'M', '1990-01-01', '汉族', 'junior', '530523101', 'agricultural', 'farming', 'x', 'x')",
    ).run(makeId('530523', '19900101', 5));
    db.close();
    const r = cli(['restore', '--from', backup, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { safetyCopy: string; workers: number };
    expect(out.workers).toBe(0);
    expect(existsSync(out.safetyCopy)).toBe(true);
    const restored = new Database(file, { readonly: true });
    expect(restored.prepare('SELECT count(*) FROM worker').pluck().get()).toBe(0);
    restored.close();
    const safety = new Database(out.safetyCopy, { readonly: true });
    expect(safety.prepare('SELECT name FROM worker').pluck().all()).toEqual(['后来者']);
    safety.close();
    expect(JSON.parse(cli(['audit', 'verify', '--json']).stdout)).toMatchObject({ ok: true });
  });
});
