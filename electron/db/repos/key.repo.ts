import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

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

export async function listKeys(db: Queryable): Promise<KeyDbRow[]> {
  return (await db.all(sql`SELECT * FROM signing_key ORDER BY valid_from`)) as KeyDbRow[];
}

export async function activeKey(db: Queryable): Promise<KeyDbRow | undefined> {
  return (await db.get(sql`SELECT * FROM signing_key WHERE active = 1`)) as KeyDbRow | undefined;
}

export async function findKey(db: Queryable, kid: string): Promise<KeyDbRow | undefined> {
  return (await db.get(sql`SELECT * FROM signing_key WHERE kid = ${kid}`)) as KeyDbRow | undefined;
}

export async function insertKey(db: WriteTx, k: Omit<KeyDbRow, 'active' | 'valid_to'>): Promise<void> {
  await db.run(sql`UPDATE signing_key SET active = 0, valid_to = ${k.valid_from} WHERE active = 1`);
  await db.run(sql`INSERT INTO signing_key (kid, alg, public_key_pem, private_key_enc, protection, valid_from, valid_to, active)
     VALUES (${k.kid}, ${k.alg}, ${k.public_key_pem}, ${k.private_key_enc}, ${k.protection}, ${k.valid_from}, NULL, 1)`);
}
