import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/driver/types';
import { activeKey, findKey } from '../../db/repos/key.repo';
import { AppError } from '../../core/errors';
import type { Signer } from '../qr/cose';
import { decryptWithPassphrase, publicKeyFromPem, unprotectWithOs, type SecretProtector } from './keyCrypto';

export const KEY_PASSPHRASE_ENV = 'LONGLING_KEY_PASSPHRASE';

/**
 * What a signature is for. A key that cannot sign is reported with what the user was doing (an
 * archive extract is not 发券), and the refusal carries it in `detail` so that the CLI can say
 * how to give the passphrase there instead of pointing to a screen.
 */
export const SIGNING_PURPOSES = {
  voucher: '签发培训券',
  extract: '打印档案摘要',
  status: '导出状态更新包',
  claims: '导出申报包',
  registration: '导出机构登记文件',
} as const;
export type SigningPurpose = keyof typeof SIGNING_PURPOSES;

export function keyLockedError(purpose: SigningPurpose): AppError {
  const what = SIGNING_PURPOSES[purpose];
  return new AppError(
    'RULE',
    `签名密钥未解锁，不能${what}：请系统管理员在“系统管理 → 签名密钥”中输入密钥口令解锁，然后重新${what}`,
    { detail: { keyLocked: true, purpose: what } },
  );
}

/**
 * The process's unlocked signing keys. Private keys live decrypted only here, in memory;
 * on disk they stay encrypted by the OS (safeStorage) or by the admin's passphrase.
 */
export class KeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    readonly protector: SecretProtector | null = null,
    private readonly envPassphrase: string | undefined = undefined,
  ) {}

  remember(kid: string, key: KeyObject): void {
    this.privateKeys.set(kid, key);
  }

  isUnlocked(kid: string): boolean {
    return this.privateKeys.has(kid);
  }

  /** Tries the passphrase on the key; false when it is wrong. */
  async unlock(db: Queryable, kid: string, passphrase: string): Promise<boolean> {
    const row = await findKey(db, kid);
    if (!row?.private_key_enc || row.protection !== 'passphrase') return false;
    const key = decryptWithPassphrase(row.private_key_enc, passphrase);
    if (key) this.remember(kid, key);
    return key !== null;
  }

  /** The active key, unlocking it without asking where the OS or the environment can. */
  async signer(db: Queryable, purpose: SigningPurpose): Promise<Signer> {
    const row = await activeKey(db);
    if (!row)
      throw new AppError(
        'RULE',
        `尚未生成签名密钥，不能${SIGNING_PURPOSES[purpose]}：请系统管理员在“系统管理 → 签名密钥”中生成`,
      );
    if (!this.privateKeys.has(row.kid) && row.private_key_enc) {
      if (row.protection === 'safeStorage' && this.protector) {
        this.remember(row.kid, unprotectWithOs(row.private_key_enc, this.protector));
      } else if (row.protection === 'passphrase' && this.envPassphrase) {
        await this.unlock(db, row.kid, this.envPassphrase);
      }
    }
    const key = this.privateKeys.get(row.kid);
    if (!key) throw keyLockedError(purpose);
    return { kid: row.kid, key };
  }

  /** Unlocks the active key where that needs no one (OS key store, environment); false otherwise. */
  async tryAutoUnlock(db: Queryable): Promise<boolean> {
    try {
      await this.signer(db, 'voucher');
      return true;
    } catch {
      return false;
    }
  }

  async publicKey(db: Queryable, kid: string): Promise<KeyObject | null> {
    let key = this.publicKeys.get(kid);
    if (!key) {
      const row = await findKey(db, kid);
      if (!row) return null;
      key = publicKeyFromPem(row.public_key_pem);
      this.publicKeys.set(kid, key);
    }
    return key;
  }
}
