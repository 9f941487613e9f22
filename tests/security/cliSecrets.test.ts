// Attack reproduced: "passwords and passphrases go on command lines and demo prints its passphrase".
// `init --password P` and `--passphrase P` put the secret where every user of the machine can read it
// while the command runs (ps, /proc/PID/cmdline) and where the shell history keeps it; `demo`
// printed the signing key's passphrase (a fixed one unless given).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { promptHidden, readSecret, ADMIN_PASSWORD, type TtyInput } from '../../electron/cli/secrets';
import { verifyPassword } from '../../electron/core/password';
import { decryptWithPassphrase } from '../../electron/services/keys/keyCrypto';
import { runCli } from '../fixtures/cli';

const dir = mkdtempSync(join(tmpdir(), 'longling-cli-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshDb = () => join(dir, `db${n++}.db`);

function adminHash(db: string): string {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare("SELECT password_hash FROM app_user WHERE role = 'admin'").pluck().get() as string;
  } finally {
    raw.close();
  }
}

/** A fake terminal: what the user types goes in, and whatever is written back is recorded. */
function fakeTerminal() {
  const input = new PassThrough() as PassThrough & TtyInput;
  input.isTTY = true;
  const modes: boolean[] = [];
  input.setRawMode = (m: boolean) => modes.push(m);
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  return { input, output, modes, shown: () => shown };
}

describe('secrets on the command line', () => {
  it('refuses --password and --passphrase before doing anything, saying what to use instead', () => {
    const db = freshDb();
    const r = runCli(['init', '--db', db, '--admin', 'root', '--password', 'Secret123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不接受命令行参数 --password');
    expect(r.stderr).toContain('--password-stdin');
    expect(r.stderr).toContain('LONGLING_ADMIN_PASSWORD');
    expect(existsSync(db)).toBe(false);
    for (const args of [
      ['demo', '--db', db, '--passphrase', 'demo passphrase 2026'],
      ['institution', 'setup', '--db', db, '--trust', 'x.json', '--code', 'X', '--passphrase=abcdefghijk'],
      ['claims', 'export', '--db', db, '--out', 'x', '--passphrase', 'abcdefghijk'],
    ]) {
      const refused = runCli(args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('不接受命令行参数 --passphrase');
      expect(refused.stderr).toContain('LONGLING_KEY_PASSPHRASE');
    }
    expect(existsSync(db)).toBe(false);
  });

  it('init takes the password from standard input or the environment, and says how when it has none', () => {
    const piped = freshDb();
    expect(runCli(['init', '--db', piped, '--admin', 'root', '--password-stdin'], {}, 'Piped1234\n').code).toBe(0);
    expect(verifyPassword('Piped1234', adminHash(piped))).toBe(true);
    const fromEnv = freshDb();
    expect(runCli(['init', '--db', fromEnv, '--admin', 'root'], { LONGLING_ADMIN_PASSWORD: 'Env12345' }).code).toBe(0);
    expect(verifyPassword('Env12345', adminHash(fromEnv))).toBe(true);
    const none = runCli(['init', '--db', freshDb(), '--admin', 'root']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^错误：需要管理员密码：直接运行并在提示时输入（不回显）/);
    const empty = runCli(['init', '--db', freshDb(), '--admin', 'root', '--password-stdin'], {}, '\n');
    expect(empty.stderr).toBe('错误：--password-stdin：标准输入中没有读到管理员密码');
  });

  it('init asks at a real terminal without echoing what is typed', async () => {
    const db = freshDb();
    const cmd = `'${process.execPath}' --import tsx electron/cli/main.ts init --db '${db}' --admin root`;
    // script(1) gives the CLI a pseudo-terminal, as a person at a console would have.
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let shown = '';
    let typed = 0;
    child.stdout.on('data', (c: Buffer) => {
      shown += c.toString();
      // Typed only once asked, as a person would: before that the terminal still echoes.
      const asked = (shown.match(/请(再次)?输入管理员密码：/g) ?? []).length;
      if (asked > typed) {
        typed++;
        child.stdin.write('Tty-pass1\r');
      }
    });
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(shown).toContain('请再次输入管理员密码：');
    expect(shown).toContain('管理员账号 root 已创建');
    expect(shown).not.toContain('Tty-pass1');
    expect(code).toBe(0);
    expect(verifyPassword('Tty-pass1', adminHash(db))).toBe(true);
  });

  it('reads a prompt in raw mode with Backspace, restores the terminal, and cancels on Ctrl+C', async () => {
    const term = fakeTerminal();
    const asked = promptHidden('请输入管理员密码：', term.input, term.output);
    term.input.write('Secret12x\u007f3\r');
    expect(await asked).toBe('Secret123');
    expect(term.modes).toEqual([true, false]);
    expect(term.shown()).toBe('请输入管理员密码：\n');

    const twice = fakeTerminal();
    const confirm = readSecret(ADMIN_PASSWORD, {}, { confirm: true, io: { ...twice, env: {} } });
    twice.input.write('Secret123\r');
    await new Promise((r) => setImmediate(r));
    twice.input.write('Secret124\r');
    await expect(confirm).rejects.toThrow('两次输入的管理员密码不一致');

    const cancel = fakeTerminal();
    const cancelled = promptHidden('请输入签名密钥口令：', cancel.input, cancel.output);
    cancel.input.write('abc\u0003');
    await expect(cancelled).rejects.toThrow('已取消输入');
    expect(cancel.modes).toEqual([true, false]);
  });

  it('demo never prints the key passphrase, and without one gives the key a random one', () => {
    const passphrase = 'demo-secret-不公开-2026';
    const db = freshDb();
    const admin = { LONGLING_ADMIN_PASSWORD: 'Passw0rd123' };
    const given = runCli(['demo', '--db', db, '--workers', '3', '--admin', 'me'], {
      ...admin,
      LONGLING_KEY_PASSPHRASE: passphrase,
    });
    expect(given.code).toBe(0);
    expect(given.stdout + given.stderr).not.toContain(passphrase);
    expect(given.stdout + given.stderr).not.toContain(admin.LONGLING_ADMIN_PASSWORD);
    expect(given.stdout).toContain('已生成签名密钥（用您提供的口令加密保存）');
    const raw = new Database(db, { readonly: true });
    const enc = raw.prepare("SELECT private_key_enc FROM signing_key WHERE protection = 'passphrase'").pluck().get();
    raw.close();
    expect(decryptWithPassphrase(enc as string, passphrase)).not.toBeNull();

    const random = runCli(['demo', '--db', freshDb(), '--workers', '3', '--admin', 'me'], {
      ...admin,
      LONGLING_KEY_PASSPHRASE: '',
    });
    expect(random.code).toBe(0);
    expect(random.stdout).not.toContain('demo passphrase 2026');
    expect(random.stdout).not.toMatch(/口令[:：]/);
    expect(random.stdout).toContain('口令随机生成，未显示也未保存');
    // Months of demo work, twice: more than the default 30 seconds on a loaded machine.
  }, 120_000);
});
