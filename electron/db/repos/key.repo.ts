import type { Db } from '../connection';
import { prep } from '../prepared';

export interface KeyDbRow {
  kid: string;
  alg: 'EdDSA';
  public_key_pem: string;
  private_key_enc: string | null;
  protection: 'passphrase' | 'safeStorage' | 'none';
  valid_from: string;
  valid_to: string | null;
  active: 0 | 1;
}

export function listKeys(db: Db): KeyDbRow[] {
  return prep(db, 'SELECT * FROM signing_key ORDER BY valid_from').all() as KeyDbRow[];
}

export function activeKey(db: Db): KeyDbRow | undefined {
  return prep(db, 'SELECT * FROM signing_key WHERE active = 1').get() as KeyDbRow | undefined;
}

export function findKey(db: Db, kid: string): KeyDbRow | undefined {
  return prep(db, 'SELECT * FROM signing_key WHERE kid = ?').get(kid) as KeyDbRow | undefined;
}

export function insertKey(db: Db, k: Omit<KeyDbRow, 'active' | 'valid_to'>): void {
  prep(db, 'UPDATE signing_key SET active = 0, valid_to = ? WHERE active = 1').run(k.valid_from);
  prep(
    db,
    `INSERT INTO signing_key (kid, alg, public_key_pem, private_key_enc, protection, valid_from, valid_to, active)
     VALUES (@kid, @alg, @public_key_pem, @private_key_enc, @protection, @valid_from, NULL, 1)`,
  ).run(k);
}
