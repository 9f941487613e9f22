// The signing key's passphrase file as an insider would loosen it: readable by the group only, or a
// private-looking name that is a symlink to a file anyone can read. Both are refused before reading.
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Env } from '../../electron/core/context';
import { createEnv } from '../../electron/core/env';
import { unlockFromFile } from '../../electron/services/keys/keyFile';
import { KEY_PASSPHRASE } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let env: Env;
beforeEach(async () => {
  t = await makeVoucherEnv();
  env = await createEnv(t.file, { clock: t.clock, keyPassphrase: '' });
});
afterEach(async () => {
  await env.db.close();
  await t.close();
});

describe.skipIf(process.platform === 'win32')('a loosened passphrase file', () => {
  it('is refused when group- or world-readable, directly or through a symlink', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longling-keyperm-'));
    const file = (name: string, mode: number) => {
      const f = join(dir, name);
      writeFileSync(f, KEY_PASSPHRASE);
      chmodSync(f, mode);
      return f;
    };
    for (const mode of [0o640, 0o604, 0o660, 0o620])
      await expect(unlockFromFile(env.db.reader, env.keyring, file(`m${mode.toString(8)}`, mode))).rejects.toThrow(
        /其他用户可以读取/,
      );
    const link = join(dir, 'longling-key');
    symlinkSync(file('shared', 0o644), link);
    await expect(unlockFromFile(env.db.reader, env.keyring, link)).rejects.toThrow(/其他用户可以读取/);
    const kid = (await t.db.value('SELECT kid FROM signing_key LIMIT 1')) as string;
    expect(env.keyring.isUnlocked(kid)).toBe(false);
  });
});
