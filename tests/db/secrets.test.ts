import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sqliteOnly } from '../fixtures/testStore';
import { createEnv } from '../../electron/core/env';
import { readSecretFile } from '../../electron/core/secrets';
import { backupTo } from '../../electron/services/backup/backup';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

let t: TestEnv;
afterEach(() => t.close());

sqliteOnly('the install secret', () => {
  it('is made beside a new database, readable by its owner only, and bound to it', async () => {
    t = await makeTestEnv();
    const file = `${t.file}.secret`;
    expect(existsSync(file)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const bound = await t.db.value("SELECT value FROM setting WHERE key = 'installSecretId'");
    expect(bound).toBe(t.env.secrets.id);
    expect(readSecretFile(file).id).toBe(t.env.secrets.id);
    // The same keys come back after a restart.
    const again = await createEnv(t.file, { clock: t.clock });
    expect(again.secrets.fingerprint('530523199001011234')).toBe(t.env.secrets.fingerprint('530523199001011234'));
    await again.db.close();
  });

  it('never appears in the database file or its backups', async () => {
    t = await makeTestEnv();
    const master = JSON.parse(readFileSync(`${t.file}.secret`, 'utf8')).master as string;
    const out = join(t.dir, 'backup.db');
    await backupTo(t.sqliteDb(), out);
    for (const f of [t.file, out]) {
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(master, 'base64'))).toBe(false);
      expect(bytes.includes(Buffer.from(master))).toBe(false);
    }
    expect(existsSync(`${out}.secret`)).toBe(false);
  });

  it('a bound database without its secret, or with another one, is refused with a Chinese message', async () => {
    t = await makeTestEnv();
    const other = join(t.dir, 'other.db');
    await (await createEnv(other, { clock: t.clock })).db.close();
    const copy = join(t.dir, 'copy.db');
    t.raw().pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(t.file, copy);
    await expect(async () => await createEnv(copy, { clock: t.clock })).rejects.toThrow(/找不到本数据库的密钥文件/);
    copyFileSync(`${other}.secret`, `${copy}.secret`);
    await expect(async () => await createEnv(copy, { clock: t.clock })).rejects.toThrow(/不是本数据库的密钥文件/);
    rmSync(`${copy}.secret`);
    const env = await createEnv(copy, { clock: t.clock, secretFile: `${t.file}.secret` });
    expect(env.secrets.id).toBe(t.env.secrets.id);
    await env.db.close();
  });

  it('derives keys that differ by purpose and by install', async () => {
    t = await makeTestEnv();
    const s = t.env.secrets;
    const id = '530523199001011234';
    expect(s.fingerprint(id)).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(s.holderMac(id, 10)).toString('hex').slice(0, 16)).not.toBe(s.fingerprint(id));
    const other = await createEnv(join(t.dir, 'o.db'), { clock: t.clock });
    expect(other.secrets.fingerprint(id)).not.toBe(s.fingerprint(id));
    await other.db.close();
  });
});
