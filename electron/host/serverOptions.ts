// The county server's command-line values, kept apart from its start-up so tests can check them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `0.0.0.0:8443`, `[::]:8443`, `10.1.2.3:443`. */
export function parseListen(v: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(v) ?? /^([^:]+):(\d+)$/.exec(v);
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--listen 格式应为 地址:端口，收到：${v}`);
  return { host: m[1]!, port };
}

/**
 * The signing key's passphrase at start, from a file only the service account can read: given
 * explicitly, or the systemd credential `longling-key` (LoadCredential=), so a server restarted at
 * night can issue before anyone logs in.
 */
export function keyPassphraseFrom(file: string | undefined, env = process.env): string | undefined {
  const path = file ?? (env.CREDENTIALS_DIRECTORY ? join(env.CREDENTIALS_DIRECTORY, 'longling-key') : undefined);
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    if (!file && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`无法读取签名密钥口令文件 ${path}：${(e as Error).message}`);
  }
}
