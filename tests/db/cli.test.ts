import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/db/migrations';
import { runCli } from '../fixtures/cli';

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'longling-cli-'));
  const db = join(dir, 'cli.db');

  it('init creates the database and its first admin, and is safe to run again', () => {
    const r = runCli(['init', '--db', db, '--admin', 'root', '--password-stdin'], {}, 'Secret123\n');
    expect(r).toMatchObject({ code: 0, stdout: `数据库已就绪（第 ${LATEST_VERSION} 版），管理员账号 root 已创建。` });
    const again = runCli(['init', '--db', db, '--admin', 'other'], { LONGLING_ADMIN_PASSWORD: 'Secret123' });
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('已有用户账号');
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT username, role FROM app_user').all()).toEqual([{ username: 'root', role: 'admin' }]);
    raw.close();
  });

  it('init refuses a weak password with the reason', () => {
    const r = runCli(['init', '--db', join(dir, 'weak.db'), '--admin', 'root'], { LONGLING_ADMIN_PASSWORD: 'short' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('错误：密码至少 8 位');
  });

  it('audit verify prints JSON and exits 0, then 1 after tampering', () => {
    const ok = runCli(['audit', 'verify', '--db', db, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, rows: 1, keyChecked: true, limits: [] });

    const raw = new Database(db);
    raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = 'someone' WHERE id = 1;");
    raw.close();
    const bad = runCli(['audit', 'verify', '--db', db, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      ok: false,
      firstBadRow: 1,
      reason: expect.stringContaining('被修改'),
    });
  });

  it('takes the database from LONGLING_DB when --db is absent', () => {
    const file = join(dir, 'env.db');
    expect(runCli(['init', '--admin', 'root'], { LONGLING_DB: file, LONGLING_ADMIN_PASSWORD: 'Secret123' }).code).toBe(
      0,
    );
    expect(JSON.parse(runCli(['audit', 'verify', '--json'], { LONGLING_DB: file }).stdout)).toMatchObject({
      ok: true,
      rows: 1,
    });
  });

  it('prints usage and exits 2 for an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知命令：frobnicate');
    expect(r.stderr).toContain('audit verify');
  });
});
