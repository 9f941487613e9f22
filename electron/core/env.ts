import { existsSync } from 'node:fs';
import { openDatabase } from '../db/connection';
import { auditHead } from '../db/repos/audit.repo';
import { AppError } from './errors';
import { putSetting, setting } from '../db/repos/exchange.repo';
import { KEY_PASSPHRASE_ENV, KeyRing } from '../services/keys/keyRing';
import type { SecretProtector } from '../services/keys/keyCrypto';
import { systemClock, type Clock } from './clock';
import type { Env } from './context';
import { ArtifactStore, JobStore } from './jobs';
import { defaultSecretPath, loadSecrets, type InstallSecrets } from './secrets';
import { ensureKeying } from '../services/audit/witness';
import { SessionStore } from './sessions';

export interface EnvOptions {
  clock?: Clock;
  /** Electron's safeStorage, where the desktop shell provides it. */
  protector?: SecretProtector | null;
  /** Unlocks a passphrase-protected signing key without asking (CLI, unattended hosts). */
  keyPassphrase?: string | undefined;
  /** The install secret's file (default: beside the database, or LONGLING_SECRET_FILE). */
  secretFile?: string;
}

const SECRET_ID_SETTING = 'installSecretId';

/** Reads (or, for a new database, makes) the install secret and binds the database to it. */
export function bindSecrets(db: Env['db'], file: string | null): InstallSecrets {
  const bound = setting(db, SECRET_ID_SETTING) ?? null;
  // A secret file already beside a database that has history but no binding: either the binding
  // and the keyed chain were removed from the file, or another database was put in its place.
  // Binding now would sign whatever the file holds as the new start of the chain, so refuse.
  if (!bound && file && existsSync(file) && auditHead(db)) {
    throw new AppError(
      'INTERNAL',
      `数据库 ${file.replace(/\.secret$/, '')} 有审计记录却没有绑定密钥文件，而旁边已有密钥文件 ${file}：数据库的密钥链可能被移除，或被换成了别的文件。请先用 audit verify 核对；如确是恢复的旧版本备份，请把该密钥文件移到别处保管后再打开。`,
    );
  }
  const secrets = loadSecrets(file, bound);
  if (!bound) putSetting(db, SECRET_ID_SETTING, secrets.id);
  return secrets;
}

export function createEnv(dbFile: string, opts: EnvOptions = {}): Env {
  const db = openDatabase(dbFile);
  let secrets: InstallSecrets;
  try {
    secrets = bindSecrets(db, dbFile === ':memory:' ? null : (opts.secretFile ?? defaultSecretPath(dbFile)));
    // From here on every audit row is keyed; the cut-over is signed once, when first bound.
    ensureKeying(db, secrets, opts.clock ?? systemClock);
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    db,
    secrets,
    clock: opts.clock ?? systemClock,
    sessions: new SessionStore(),
    jobs: new JobStore(),
    artifacts: new ArtifactStore(),
    keyring: new KeyRing(opts.protector ?? null, opts.keyPassphrase ?? process.env[KEY_PASSPHRASE_ENV]),
  };
}
