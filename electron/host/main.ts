// `npm run web [-- --db FILE --port N --key-passphrase-file FILE]`: the same UI in a browser, served on loopback only.
import { parseArgs } from 'node:util';
import { createEnv } from '../core/env';
import { AppError } from '../core/errors';
import { resolveDbPath } from '../core/paths';
import { startHost } from './server';
import { startHousekeeping } from '../services/housekeeping';
import { keyPassphraseFile, unlockFromFile } from '../services/keys/keyFile';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '5180' },
    'key-passphrase-file': { type: 'string' },
  },
});
const dbFile = resolveDbPath(values.db);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`端口号无效：${values.port}`);
  process.exit(2);
}
try {
  const env = await createEnv(dbFile);
  // Started by the system, the server unlocks the signing key itself so that clerks can issue at once.
  const key = await unlockFromFile(env.db.reader, env.keyring, keyPassphraseFile(values['key-passphrase-file']));
  if (key.unlocked) console.log(`签名密钥 ${key.kid} 已用口令文件解锁（${key.file}）`);
  const { url } = await startHost(env, { port });
  startHousekeeping(env);
  console.log(`龙陵县职业培训电子券与档案 已启动：${url}  （数据库：${dbFile}，仅本机可访问，按 Ctrl+C 退出）`);
  const stop = () => void env.db.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const msg = e instanceof AppError ? e.message : (e as Error).message;
  console.error(`启动失败：${msg}`);
  process.exit(1);
}
