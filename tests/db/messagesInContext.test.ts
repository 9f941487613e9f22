// Issue 13 §5: a refusal names what the user was doing and what to do next. A signing key that is
// not unlocked while printing an archive extract speaks of the extract, not of 发券; in the CLI it
// says how to give the passphrase there; and with --json a CLI error is one JSON object on stdout.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName } from '../../shared/contract/channels';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import type { Env } from '../../electron/core/context';
import { KeyRing, SIGNING_PURPOSES, type SigningPurpose } from '../../electron/services/keys/keyRing';
import { runCli } from '../fixtures/cli';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let locked: Env;
let idNumber: string;
let workerId: number;
/** Nothing in the environment unlocks the key for the CLI's child processes. */
const NO_PASSPHRASE = { LONGLING_KEY_PASSPHRASE: '' };

beforeAll(async () => {
  t = await makeVoucherEnv();
  idNumber = makeId('530523', '19870312', 515);
  workerId = await t.newWorker({ idNumber, name: '杨春燕' });
  // A second process on the same database, as after a restart: its key is still locked.
  locked = await createEnv(t.file, { clock: t.clock, keyPassphrase: '' });
});
afterAll(async () => {
  await locked.db.close();
  await t.close();
});

async function as(username: string) {
  const r = await dispatch(locked, null, 'auth:login', { username, password: PASSWORD });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { token: string }).token;
}
async function refusal<K extends ChannelName>(token: string, channel: K, input: ChannelInput<K>) {
  const r = await dispatch(locked, token, channel, input);
  if (r.ok) throw new Error(`${channel} should have been refused`);
  return r.error;
}

describe('a locked signing key, in the app', () => {
  it('names what was being signed and where an administrator unlocks it', async () => {
    const clerk = await as('clerk1');
    const extract = await refusal(clerk, 'archive:extract', { workerId });
    expect(extract.message).toBe(
      '签名密钥未解锁，不能打印档案摘要：请系统管理员在“系统管理 → 签名密钥”中输入密钥口令解锁，然后重新打印档案摘要',
    );
    expect(extract.message).not.toContain('发券');
    expect(extract.detail).toEqual({ keyLocked: true, purpose: '打印档案摘要' });

    const issue = await refusal(clerk, 'voucher:issue', { workerId, ...t.terms() });
    expect(issue.message).toContain('签名密钥未解锁，不能签发培训券：请系统管理员在“系统管理 → 签名密钥”中');

    const status = await refusal(await as('reviewer1'), 'status:export', { institutionCode: 'LL-PX-001' });
    expect(status.message).toContain('签名密钥未解锁，不能导出状态更新包');
  });

  it('has a purpose for every signature: claim packages and institution registration files too', async () => {
    for (const [purpose, words] of Object.entries(SIGNING_PURPOSES)) {
      let message = '';
      try {
        await new KeyRing(null, '').signer(locked.db.reader, purpose as SigningPurpose);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(
        `签名密钥未解锁，不能${words}：请系统管理员在“系统管理 → 签名密钥”中输入密钥口令解锁，然后重新${words}`,
      );
    }
  });
});

describe('a locked signing key, in the CLI', () => {
  const pdf = () => join(t.dir, 'extract.pdf');

  it('archive pdf names the extract and how to give the passphrase on the command line', () => {
    const r = runCli(['archive', 'pdf', '--db', t.file, '--id', idNumber, '--out', pdf()], NO_PASSPHRASE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误：签名密钥未解锁，不能打印档案摘要。请提供签名密钥口令：/);
    expect(r.stderr).toContain('--passphrase-stdin');
    expect(r.stderr).toContain('LONGLING_KEY_PASSPHRASE');
    expect(r.stderr).toContain('在提示时输入');
    // Not the desktop's screen, and not issuance.
    expect(r.stderr).not.toContain('系统管理');
    expect(r.stderr).not.toContain('发券');
  });

  it('status export names the status file', () => {
    const out = join(t.dir, 'status.json');
    const r = runCli(['status', 'export', '--db', t.file, '--institution', 'LL-PX-001', '--out', out], NO_PASSPHRASE);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('签名密钥未解锁，不能导出状态更新包。请提供签名密钥口令');
    expect(r.stderr).toContain('LONGLING_KEY_PASSPHRASE');
  });

  it('given the passphrase on standard input, the same command prints the extract', () => {
    const args = ['archive', 'pdf', '--db', t.file, '--id', idNumber, '--out', pdf(), '--passphrase-stdin'];
    const r = runCli(args, NO_PASSPHRASE, `${KEY_PASSPHRASE}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已生成档案摘要');
  });
});

describe('CLI errors with --json', () => {
  /** Exactly one JSON object on stdout, nothing on stderr. */
  function jsonOnly(r: ReturnType<typeof runCli>) {
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toHaveLength(1);
    return JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string } };
  }

  it('a refusal from a service', () => {
    const args = ['archive', 'pdf', '--db', t.file, '--id', idNumber, '--out', join(t.dir, 'x.pdf'), '--json'];
    const r = runCli(args, NO_PASSPHRASE);
    expect(r.code).toBe(1);
    const body = jsonOnly(r);
    expect(body).toMatchObject({ ok: false, error: { code: 'RULE' } });
    expect(body.error.message).toContain('不能打印档案摘要。请提供签名密钥口令');
  });

  it('a missing argument, a secret on the command line, an unknown command: same shape, same exit codes', () => {
    const missing = runCli(['verify', '--db', t.file, '--json']);
    expect(missing.code).toBe(1);
    expect(jsonOnly(missing)).toEqual({ ok: false, error: { code: 'VALIDATION', message: '缺少参数 --text' } });

    const secret = runCli(['init', '--db', join(t.dir, 'n.db'), '--admin', 'x', '--password', 'Secret123', '--json']);
    expect(secret.code).toBe(2);
    expect(jsonOnly(secret).error.message).toContain('不接受命令行参数 --password');

    const unknown = runCli(['frobnicate', '--json']);
    expect(unknown.code).toBe(2);
    expect(jsonOnly(unknown)).toEqual({ ok: false, error: { code: 'VALIDATION', message: '未知命令：frobnicate' } });
  });

  it('without --json the same errors stay on stderr, in words', () => {
    const r = runCli(['verify', '--db', t.file]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '错误：缺少参数 --text' });
  });
});
