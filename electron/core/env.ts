import { openDatabase } from '../db/connection';
import { KEY_PASSPHRASE_ENV, KeyRing } from '../services/keys/keyRing';
import type { SecretProtector } from '../services/keys/keyCrypto';
import { systemClock, type Clock } from './clock';
import type { Env } from './context';
import { ArtifactStore, JobStore } from './jobs';
import { SessionStore } from './sessions';

export interface EnvOptions {
  clock?: Clock;
  /** Electron's safeStorage, where the desktop shell provides it. */
  protector?: SecretProtector | null;
  /** Unlocks a passphrase-protected signing key without asking (CLI, unattended hosts). */
  keyPassphrase?: string | undefined;
}

export function createEnv(dbFile: string, opts: EnvOptions = {}): Env {
  return {
    db: openDatabase(dbFile),
    clock: opts.clock ?? systemClock,
    sessions: new SessionStore(),
    jobs: new JobStore(),
    artifacts: new ArtifactStore(),
    keyring: new KeyRing(opts.protector ?? null, opts.keyPassphrase ?? process.env[KEY_PASSPHRASE_ENV]),
  };
}
