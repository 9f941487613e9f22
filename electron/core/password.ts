import { Turns } from '../db/driver/turns';
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt with N=2^15: about 50 ms per check on a clerk's PC, slow enough for an offline guesser.
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * Two at a time: libuv's pool has four threads, which also read files (the web host's pages) and
 * resolve names; a flood of logins from many addresses waits here instead of taking all four.
 */
const SCRYPT_TURNS = new Turns(2);

/** On libuv's thread pool: the event loop goes on meanwhile. */
function scryptAsync(password: string, salt: Buffer, length: number, opts: ScryptOptions): Promise<Buffer> {
  return SCRYPT_TURNS.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password, salt, length, opts, (e, key) => (e ? reject(e) : resolve(key))),
      ),
  );
}

const OWN = { N, r: R, p: P, maxmem: MAXMEM };
const encode = (salt: Buffer, key: Buffer) =>
  `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;

/** What a stored hash says to derive, or null when it is no scrypt hash of ours (nothing matches). */
function storedParts(stored: string) {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return null;
  const opts = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM };
  return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(key, 'base64'), opts };
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return encode(salt, scryptSync(password.normalize('NFC'), salt, KEYLEN, OWN));
}

async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return encode(salt, await scryptAsync(password.normalize('NFC'), salt, KEYLEN, OWN));
}

export function verifyPassword(password: string, stored: string): boolean {
  const s = storedParts(stored);
  if (!s) return false;
  return timingSafeEqual(s.expected, scryptSync(password.normalize('NFC'), s.salt, s.expected.length, s.opts));
}

async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const s = storedParts(stored);
  if (!s) return false;
  return timingSafeEqual(s.expected, await scryptAsync(password.normalize('NFC'), s.salt, s.expected.length, s.opts));
}

/**
 * A hash that no password matches (its key is random) with the same cost as a real one: checking a
 * password for an unknown username against it takes as long as for a known one.
 */
export function unmatchableHash(): string {
  return `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64')}$${randomBytes(KEYLEN).toString('base64')}`;
}

/**
 * A call's password work, done before its write transaction: a scrypt takes about 50 ms, and inside
 * the transaction it held the writers' lock (every other write of the county server waited) and, as
 * scryptSync, the event loop. The channel's `before` step (services/index.ts) computes here, on
 * libuv's thread pool, what its transaction will ask; the transaction then gets the answer at once.
 * What was not prepared (the stored hash changed in between, a command-line call) is computed there.
 */
export class PasswordWork {
  /** Per stored hash, then per password: no pair of strings can stand for another. */
  private readonly verified = new Map<string, Map<string, boolean>>();
  private readonly hashed = new Map<string, string>();

  async prepareVerify(password: string, stored: string): Promise<void> {
    if (this.verified.get(stored)?.has(password)) return;
    const matches = await verifyPasswordAsync(password, stored);
    this.verified.set(stored, (this.verified.get(stored) ?? new Map<string, boolean>()).set(password, matches));
  }

  async prepareHash(password: string): Promise<void> {
    if (!this.hashed.has(password)) this.hashed.set(password, await hashPasswordAsync(password));
  }

  verify(password: string, stored: string): boolean {
    return this.verified.get(stored)?.get(password) ?? verifyPassword(password, stored);
  }

  /** The same hash for a retried transaction: only one attempt commits. */
  hash(password: string): string {
    return this.hashed.get(password) ?? hashPassword(password);
  }
}
