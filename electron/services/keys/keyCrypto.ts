// Ed25519 key generation and the encryption of the private key at rest.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';

/** How a private key is kept on disk: Electron safeStorage (OS keychain/DPAPI) when present, else an admin passphrase. */
export interface SecretProtector {
  kind: 'safeStorage';
  encrypt(plain: Buffer): string;
  decrypt(stored: string): Buffer;
}

export function newKeyPair(): { kid: string; publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    kid: kidOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey,
  };
}

/** A key's id: the start of the SHA-256 of its public key, so that an id names one key. */
export function kidOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64url').slice(0, 6);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function encryptWithPassphrase(privateKey: KeyObject, passphrase: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const ct = Buffer.concat([cipher.update(der), cipher.final()]);
  return JSON.stringify({
    v: 1,
    kdf: 'scrypt',
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  });
}

/** Null when the passphrase is wrong (GCM authentication fails). */
export function decryptWithPassphrase(stored: string, passphrase: string): KeyObject | null {
  const s = JSON.parse(stored) as { salt: string; iv: string; tag: string; ct: string };
  const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(s.salt, 'base64'), 32, SCRYPT);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
  try {
    const der = Buffer.concat([decipher.update(Buffer.from(s.ct, 'base64')), decipher.final()]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

export function protectWithOs(privateKey: KeyObject, protector: SecretProtector): string {
  return protector.encrypt(privateKey.export({ type: 'pkcs8', format: 'der' }));
}

export function unprotectWithOs(stored: string, protector: SecretProtector): KeyObject {
  return createPrivateKey({ key: protector.decrypt(stored), format: 'der', type: 'pkcs8' });
}
