// The county server's signing key after a restart (issue 16 §5): started by the system, nobody is
// logged in to type the passphrase, so it is read at start from a file that only the service account
// can read — systemd's credentials (LoadCredential=longling-key:/etc/longling/key-passphrase, handed
// to the service as $CREDENTIALS_DIRECTORY/longling-key), or a file named by --key-passphrase-file or
// LONGLING_KEY_PASSPHRASE_FILE.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../../db/driver/types';
import { activeKey } from '../../db/repos/key.repo';
import { AppError } from '../../core/errors';
import type { KeyRing } from './keyRing';

export const KEY_PASSPHRASE_FILE_ENV = 'LONGLING_KEY_PASSPHRASE_FILE';
export const CREDENTIAL_NAME = 'longling-key';

export type KeyFileOutcome =
  | { unlocked: true; kid: string; file: string }
  /** Nothing to do: no file was named, no key exists yet, or the key needs no passphrase. */
  | { unlocked: false; why: 'no-file' | 'no-key' | 'not-passphrase'; file: string | null };

/** Where the passphrase comes from: the option, else the environment, else systemd's credentials. */
export function keyPassphraseFile(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (option) return option;
  if (env[KEY_PASSPHRASE_FILE_ENV]) return env[KEY_PASSPHRASE_FILE_ENV];
  // A service without the credential configured simply has none: not an error, as for the others.
  const credential = env.CREDENTIALS_DIRECTORY ? join(env.CREDENTIALS_DIRECTORY, CREDENTIAL_NAME) : null;
  return credential && existsSync(credential) ? credential : null;
}

/**
 * A passphrase file others can read is a passphrase others know: refused, not used. On Windows the
 * mode bits say nothing about access (ACLs do), so only POSIX is checked.
 */
async function checkPrivate(file: string): Promise<void> {
  const s = await stat(file).catch(() => null);
  if (!s?.isFile()) throw new AppError('RULE', `找不到签名密钥口令文件：${file}`);
  if (process.platform === 'win32') return;
  if ((s.mode & 0o077) !== 0)
    throw new AppError(
      'RULE',
      `签名密钥口令文件 ${file} 的权限为 ${(s.mode & 0o777).toString(8)}，其他用户可以读取：请改为仅服务账户可读（chmod 600 或 400）`,
    );
  if (process.getuid && s.uid !== process.getuid() && s.uid !== 0)
    throw new AppError('RULE', `签名密钥口令文件 ${file} 不属于运行本服务的账户`);
}

/**
 * Unlocks the active signing key at start from the passphrase file, so that issuing works before
 * any admin logs in. A wrong passphrase or an unsafe file stops the start with the reason: a server
 * that silently cannot issue is found out only by the first clerk at the window.
 */
export async function unlockFromFile(db: Queryable, keyring: KeyRing, file: string | null): Promise<KeyFileOutcome> {
  if (!file) return { unlocked: false, why: 'no-file', file: null };
  const key = await activeKey(db);
  if (!key) return { unlocked: false, why: 'no-key', file };
  if (key.protection !== 'passphrase') return { unlocked: false, why: 'not-passphrase', file };
  await checkPrivate(file);
  // The first line is the passphrase; a trailing newline from `echo` or an editor is not part of it.
  const passphrase = (await readFile(file, 'utf8')).split(/\r?\n/)[0] ?? '';
  if (!passphrase) throw new AppError('RULE', `签名密钥口令文件 ${file} 是空的`);
  if (!(await keyring.unlock(db, key.kid, passphrase)))
    throw new AppError('RULE', `签名密钥口令文件 ${file} 中的口令不正确，密钥未解锁`);
  return { unlocked: true, kid: key.kid, file };
}
