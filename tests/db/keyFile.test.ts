// Issue 16 §5: the county server unlocks its signing key at start from a file only the service
// account can read (systemd credentials or a named file), so that issuing works before anyone logs in.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import type { Env } from '../../electron/core/context';
import { createEnv } from '../../electron/core/env';
import { keyPassphraseFile, unlockFromFile } from '../../electron/services/keys/keyFile';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let env: Env;
const dir = () => mkdtempSync(join(tmpdir(), 'longling-keyfile-'));
const secretFile = (text: string, mode = 0o600) => {
  const f = join(dir(), 'longling-key');
  writeFileSync(f, text);
  chmodSync(f, mode);
  return f;
};

beforeEach(async () => {
  t = await makeVoucherEnv();
  // A fresh start of the same database: the key is locked, as after a restart.
  env = await createEnv(t.file, { clock: t.clock, keyPassphrase: '' });
});
afterEach(async () => {
  await env.db.close();
  await t.close();
});

const issue = async () => {
  const login = await dispatch(env, null, 'auth:login', { username: 'admin', password: PASSWORD });
  const token = login.ok ? (login.value as { token: string }).token : '';
  return dispatch(env, token, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
};

describe('signing key passphrase file at server start', () => {
  it('takes the option, else LONGLING_KEY_PASSPHRASE_FILE, else systemd’s $CREDENTIALS_DIRECTORY/longling-key', () => {
    const env = { LONGLING_KEY_PASSPHRASE_FILE: '/etc/a', CREDENTIALS_DIRECTORY: '/run/credentials/longling.service' };
    expect(keyPassphraseFile('/opt/x', env)).toBe('/opt/x');
    expect(keyPassphraseFile(undefined, env)).toBe('/etc/a');
    const creds = dir();
    writeFileSync(join(creds, 'longling-key'), 'x');
    expect(keyPassphraseFile(undefined, { CREDENTIALS_DIRECTORY: creds })).toBe(join(creds, 'longling-key'));
    // A unit without the credential configured: nothing to unlock from, not a failure.
    expect(keyPassphraseFile(undefined, { CREDENTIALS_DIRECTORY: dir() })).toBeNull();
    expect(keyPassphraseFile(undefined, {})).toBeNull();
  });

  it('unlocks the key from a private file (trailing newline ignored), so a clerk can issue at once', async () => {
    expect((await issue()).ok).toBe(false);
    const out = await unlockFromFile(env.db.reader, env.keyring, secretFile(`${KEY_PASSPHRASE}\n`));
    expect(out).toMatchObject({ unlocked: true });
    expect((await issue()).ok).toBe(true);
  });

  it('refuses a file others can read, a wrong passphrase and a missing file, saying why', async () => {
    if (process.platform !== 'win32')
      await expect(unlockFromFile(env.db.reader, env.keyring, secretFile(KEY_PASSPHRASE, 0o644))).rejects.toThrow(
        /其他用户可以读取.*chmod 600/,
      );
    await expect(unlockFromFile(env.db.reader, env.keyring, secretFile('wrong passphrase'))).rejects.toThrow(
      /口令不正确/,
    );
    await expect(unlockFromFile(env.db.reader, env.keyring, join(dir(), 'none'))).rejects.toThrow(/找不到/);
    expect(await unlockFromFile(env.db.reader, env.keyring, null)).toEqual({
      unlocked: false,
      why: 'no-file',
      file: null,
    });
    expect((await issue()).ok).toBe(false);
  });

  it('stops the county server at start, with the reason, when the passphrase file is readable by others', () => {
    if (process.platform === 'win32') return;
    const r = spawnSync(
      'npx',
      [
        'tsx',
        'electron/host/serverMain.ts',
        '--db',
        t.file,
        '--listen',
        '127.0.0.1:0',
        '--key-passphrase-file',
        secretFile(KEY_PASSPHRASE, 0o644),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/启动失败：签名密钥口令文件 .*的权限为 644，其他用户可以读取/);
  });
});
