import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../electron/db/migrations';
import { runCli } from '../fixtures/cli';
import { installKey, registrationFile } from '../fixtures/registration';

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

  it('institution bind asks for --replace before it replaces the key an institution uses; institution keys lists them', () => {
    const file = join(dir, 'bind.db');
    expect(runCli(['init', '--db', file, '--admin', 'root'], { LONGLING_ADMIN_PASSWORD: 'Secret123' }).code).toBe(0);
    const raw = new Database(file);
    raw.prepare("INSERT INTO institution (code, name) VALUES ('LL-PX-001', '龙陵县职业技能培训学校')").run();
    raw.close();
    const [oldPc, newPc] = [installKey(), installKey()];
    const files = [oldPc, newPc].map((k, i) => {
      const f = join(dir, `registration-${i}.json`);
      writeFileSync(f, registrationFile('LL-PX-001', k));
      return f;
    });
    const first = runCli(['institution', 'bind', '--db', file, '--file', files[0]!]);
    expect(first).toMatchObject({ code: 0, stdout: `已绑定 LL-PX-001 的密钥 ${oldPc.kid}` });
    const asked = runCli(['institution', 'bind', '--db', file, '--file', files[1]!]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(`改用新密钥 ${newPc.kid}`);
    expect(asked.stderr).toContain('加 --replace 再运行一次');
    const replaced = runCli(['institution', 'bind', '--db', file, '--file', files[1]!, '--replace']);
    expect(replaced).toMatchObject({
      code: 0,
      stdout: `已绑定 LL-PX-001 的密钥 ${newPc.kid}；旧密钥 ${oldPc.kid} 已停用`,
    });
    // institution keys lists them, the key in use first, for checking a key number by telephone.
    const listed = runCli(['institution', 'keys', '--db', file]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((l) => l.split('\t').filter((_, i) => i !== 3))).toEqual([
      ['LL-PX-001', '龙陵县职业技能培训学校', newPc.kid, '使用中'],
      [
        'LL-PX-001',
        '龙陵县职业技能培训学校',
        oldPc.kid,
        expect.stringMatching(/^已停用（\d{4}-\d\d-\d\d \d\d:\d\d）$/),
      ],
    ]);
    const json = JSON.parse(runCli(['institution', 'keys', '--db', file, '--json']).stdout) as { kid: string }[];
    expect(json.map((k) => k.kid)).toEqual([newPc.kid, oldPc.kid]);
  });

  it('prints usage and exits 2 for an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知命令：frobnicate');
    expect(r.stderr).toContain('audit verify');
  });
});
