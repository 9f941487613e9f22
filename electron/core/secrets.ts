// The install secret: one random master key kept OUTSIDE the database file, from which the keys
// that an insider holding only the file must not have are derived:
//   - fingerprint: keyed fingerprints of ID numbers and phones in the audit log;
//   - holder:      the MAC on a voucher's QR that binds it to its holder's ID number;
//   - audit:       the MAC that chains audit rows, so a recomputed chain does not verify;
//   - witness:     an Ed25519 key that signs audit chain heads ("witnesses") that leave the machine;
//   - seal:        AES-GCM for what the county server keeps in the database briefly (generated files).
// The file lives beside the database by default (`<db>.secret`, mode 0600), or where
// LONGLING_SECRET_FILE points; backups never contain it.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userDataDir } from './paths';
import { durableRename } from '../db/durable';
import { AppError } from './errors';

export const SECRET_FILE_ENV = 'LONGLING_SECRET_FILE';

/** Where a database's install secret lives unless the environment says otherwise. */
export function defaultSecretPath(db: string): string {
  const env = process.env[SECRET_FILE_ENV];
  if (env) return env;
  if (!/^postgres(ql)?:\/\//i.test(db)) return `${db}.secret`;
  // A server database has no folder of its own: its secret lives in the user data folder, named after
  // the server and the database (LONGLING_SECRET_FILE puts it elsewhere, e.g. a systemd credential).
  const u = new URL(db);
  const host = (u.hostname || u.searchParams.get('host') || 'local').replace(/[^A-Za-z0-9.-]+/g, '_');
  const name = u.pathname.replace(/^\//, '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'postgres';
  return join(userDataDir(), `postgres-${host}-${u.port || '5432'}-${name}.secret`);
}

export function secretFileExists(file: string): boolean {
  return existsSync(file);
}

type Purpose = 'fingerprint' | 'holder' | 'audit' | 'witness' | 'id' | 'seal';

export interface InstallSecrets {
  /** Short public identifier of the secret: stored in the database to bind the two. */
  readonly id: string;
  /** Where it was read from (null for an in-memory database). */
  readonly file: string | null;
  /** Keyed fingerprint of a personal value (ID number, phone): 16 hex characters, stable per install. */
  fingerprint(value: string): string;
  /** MAC binding a voucher to its holder's normalised ID number. */
  holderMac(idNumber: string, bytes: number): Uint8Array;
  /** MAC of one audit chain step. */
  auditMac(data: string): string;
  /** The witness key: signs audit heads; the public half goes into the database and the trust bundle. */
  readonly witnessPublicKeyPem: string;
  readonly witnessKid: string;
  signWitness(message: Buffer): Buffer;
  /**
   * Encrypts what the server keeps in the database for a moment but a backup must not yield (a
   * generated file waiting for its download): AES-256-GCM under a key of this secret.
   */
  seal(plain: Uint8Array): Buffer;
  /** The plain bytes, or an error when the sealed bytes were changed or sealed by another install. */
  unseal(sealed: Uint8Array): Buffer;
}

function derive(master: Buffer, purpose: Purpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `longling/${purpose}/v1`, 32));
}

// PKCS#8 prefix of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function secretsFromMaster(master: Buffer, file: string | null): InstallSecrets {
  if (master.length !== 32) throw new AppError('INTERNAL', '密钥文件已损坏（主密钥长度不对）');
  const fpKey = derive(master, 'fingerprint');
  const holderKey = derive(master, 'holder');
  const auditKey = derive(master, 'audit');
  const sealKey = derive(master, 'seal');
  const witnessKey: KeyObject = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(master, 'witness')]),
    format: 'der',
    type: 'pkcs8',
  });
  const witnessPublicKeyPem = createPublicKey(witnessKey).export({ type: 'spki', format: 'pem' }).toString();
  const spki = createPublicKey(witnessKey).export({ type: 'spki', format: 'der' });
  return {
    id: derive(master, 'id').toString('hex').slice(0, 16),
    file,
    fingerprint: (value) => createHmac('sha256', fpKey).update(value, 'utf8').digest('hex').slice(0, 16),
    holderMac: (idNumber, bytes) =>
      createHmac('sha256', holderKey).update(idNumber, 'utf8').digest().subarray(0, bytes),
    auditMac: (data) => createHmac('sha256', auditKey).update(data, 'utf8').digest('hex'),
    witnessPublicKeyPem,
    witnessKid: createHash('sha256').update(spki).digest('base64url').slice(0, 6),
    signWitness: (message) => sign(null, message, witnessKey),
    seal: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    unseal: (sealed) => {
      const b = Buffer.from(sealed);
      const d = createDecipheriv('aes-256-gcm', sealKey, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]);
    },
  };
}

/** Checks a witness signature with a public key alone (no secret needed). */
export function verifyWitnessSignature(publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

interface SecretFile {
  format: 'longling-install-secret';
  version: 1;
  createdAt: string;
  master: string;
}

/** Writes a new file atomically, readable by its owner only. */
function writeSecretFile(file: string, master: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const body: SecretFile = {
    format: 'longling-install-secret',
    version: 1,
    createdAt: new Date().toISOString(),
    master: master.toString('base64'),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  durableRename(tmp, file);
  chmodSync(file, 0o600);
}

export function readSecretFile(file: string): InstallSecrets {
  let parsed: Partial<SecretFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretFile>;
  } catch (e) {
    throw new AppError('INTERNAL', `无法读取密钥文件 ${file}：${(e as Error).message}`);
  }
  if (parsed.format !== 'longling-install-secret' || parsed.version !== 1 || typeof parsed.master !== 'string') {
    throw new AppError('INTERNAL', `${file} 不是本程序的密钥文件`);
  }
  return secretsFromMaster(Buffer.from(parsed.master, 'base64'), file);
}

/**
 * The secret of a database: read from its file, or made when neither exists yet. A database that
 * is already bound to a secret (`boundId`) never gets a new one silently: that would hide
 * exactly the rewrite the keyed audit chain is there to reveal.
 */
export function loadSecrets(file: string | null, boundId: string | null): InstallSecrets {
  if (file === null) return secretsFromMaster(randomBytes(32), null);
  if (!existsSync(file)) {
    if (boundId) {
      throw new AppError(
        'INTERNAL',
        `找不到本数据库的密钥文件 ${file}（编号 ${boundId}）。请从保管处取回该文件放回原处，或用环境变量 ${SECRET_FILE_ENV} 指明它的位置。`,
      );
    }
    writeSecretFile(file, randomBytes(32));
  }
  const s = readSecretFile(file);
  if (boundId && s.id !== boundId) {
    throw new AppError(
      'INTERNAL',
      `密钥文件 ${file}（编号 ${s.id}）不是本数据库的密钥文件（应为编号 ${boundId}）。请放回本数据库自己的密钥文件。`,
    );
  }
  return s;
}

/**
 * Puts the secret of one database where another's is looked for (a database moved to PostgreSQL
 * keeps its secret: its keyed audit chain and holder MACs depend on it). The same secret already
 * there is fine; a different one is never overwritten.
 */
export function copySecretFile(from: string, to: string): 'copied' | 'same' {
  const s = readSecretFile(from);
  if (existsSync(to)) {
    const there = readSecretFile(to);
    if (there.id === s.id) return 'same';
    throw new AppError(
      'CONFLICT',
      `目标位置已有另一个密钥文件 ${to}（编号 ${there.id}，应为 ${s.id}）：它属于别的数据库，未覆盖。请把它移走保管，或用环境变量 ${SECRET_FILE_ENV} 另指位置。`,
    );
  }
  const parsed = JSON.parse(readFileSync(from, 'utf8')) as SecretFile;
  writeSecretFile(to, Buffer.from(parsed.master, 'base64'));
  return 'copied';
}
