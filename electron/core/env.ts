import { AppError } from './errors';
import type { Database } from '../db/driver/types';
import { isPgUrl, openAny } from '../db/open';
import { auditHead } from '../db/repos/audit.repo';
import { putSetting, setting } from '../db/repos/exchange.repo';
import { KEY_PASSPHRASE_ENV, KeyRing } from '../services/keys/keyRing';
import type { SecretProtector } from '../services/keys/keyCrypto';
import { systemClock, type Clock } from './clock';
import type { Env } from './context';
import { DiskArtifactStore, MemoryJobStore } from './jobs';
import { DbArtifactStore, DbJobStore, DbSessionStore } from './sharedStores';
import { DbLoginThrottle, MemoryLoginThrottle } from './loginThrottle';
import { defaultSecretPath, loadSecrets, secretFileExists, type InstallSecrets } from './secrets';
import { ensureKeying } from '../services/audit/witness';
import { MemorySessionStore } from './sessions';

export interface EnvOptions {
  clock?: Clock;
  /** Electron's safeStorage, where the desktop shell provides it. */
  protector?: SecretProtector | null;
  /** Unlocks a passphrase-protected signing key without asking (CLI, unattended hosts). */
  keyPassphrase?: string | undefined;
  /** The install secret's file (default: beside the database, or LONGLING_SECRET_FILE). */
  secretFile?: string;
  /**
   * Where sessions, jobs and generated files live: 'database' for a county server on PostgreSQL
   * (the default there: its processes share them), 'memory' for one process (the default on SQLite;
   * the CLI always: its session is its own).
   */
  stores?: 'memory' | 'database';
}

const SECRET_ID_SETTING = 'installSecretId';

/** Reads (or, for a new database, makes) the install secret and binds the database to it. */
export async function bindSecrets(db: Database, file: string | null, label = file ?? ''): Promise<InstallSecrets> {
  const bound = (await setting(db.reader, SECRET_ID_SETTING)) ?? null;
  // A secret file already there for a database that has history but no binding: either the binding
  // and the keyed chain were removed from it, or another database was put in its place. Binding now
  // would sign whatever it holds as the new start of the chain, so refuse.
  if (!bound && file && secretFileExists(file) && (await auditHead(db.reader))) {
    throw new AppError(
      'INTERNAL',
      `数据库 ${label} 有审计记录却没有绑定密钥文件，而已有密钥文件 ${file}：数据库的密钥链可能被移除，或被换成了别的数据库。请先用 audit verify 核对；如确是恢复的旧版本备份，请把该密钥文件移到别处保管后再打开。`,
    );
  }
  const secrets = loadSecrets(file, bound);
  if (!bound) await db.write((tx) => putSetting(tx, SECRET_ID_SETTING, secrets.id));
  return secrets;
}

/** `--db`: a SQLite file (the default, one machine) or a postgres:// URL (the county server). */
export async function createEnv(spec: string, opts: EnvOptions = {}): Promise<Env> {
  const db = await openAny(spec);
  const clock = opts.clock ?? systemClock;
  let secrets: InstallSecrets;
  try {
    const file = spec === ':memory:' ? null : (opts.secretFile ?? defaultSecretPath(spec));
    secrets = await bindSecrets(db, file, isPgUrl(spec) ? db.label : spec);
    // From here on every audit row is keyed; the cut-over is signed once, when first bound.
    await db.write((tx) => ensureKeying(tx, secrets, clock));
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    db,
    secrets,
    clock,
    ...((opts.stores ?? (db.engine === 'pg' ? 'database' : 'memory')) === 'database'
      ? {
          sessions: new DbSessionStore(db),
          jobs: new DbJobStore(db),
          artifacts: new DbArtifactStore(db, secrets),
          throttle: new DbLoginThrottle(db),
        }
      : {
          sessions: new MemorySessionStore(),
          jobs: new MemoryJobStore(),
          artifacts: new DiskArtifactStore(),
          throttle: new MemoryLoginThrottle(),
        }),
    keyring: new KeyRing(opts.protector ?? null, opts.keyPassphrase ?? process.env[KEY_PASSPHRASE_ENV]),
  };
}
