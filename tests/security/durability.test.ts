// Attack reproduced: "Committed work can vanish". Every connection ran with synchronous = NORMAL in
// WAL mode, so after a power cut a redemption the institution was told succeeded could roll back;
// backups and restores were renamed into place without fsync.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteDatabase } from '../../electron/db/driver/sqlite';
import { afterEach, expect, it } from 'vitest';
import { sqliteOnly } from '../fixtures/testStore';
import { openCli } from '../../electron/cli/runtime';
import { openDatabase, openRaw } from '../../electron/db/connection';
import { durableRename } from '../../electron/db/durable';
import { backupTo, restoreFrom } from '../../electron/services/backup/backup';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

const FULL = 2;
const NORMAL = 1;
let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

sqliteOnly('durability', () => {
  it('every connection the app, the CLI and the backup code open commits with synchronous = FULL, except the writer that syncs the WAL itself', async () => {
    t = await makeTestEnv();
    // The driver's writing connection answers a write only after fdatasync of the WAL
    // (tests/db/walFlush.test.ts shows the order), so NORMAL there loses nothing a caller was told.
    expect(t.raw().pragma('synchronous', { simple: true })).toBe(NORMAL);
    const cli = await openCli(t.file);
    try {
      expect((cli.env.db as SqliteDatabase).connection.pragma('synchronous', { simple: true })).toBe(NORMAL);
    } finally {
      await cli.close();
    }
    const other = openDatabase(join(t.dir, 'other.db'));
    expect(other.pragma('synchronous', { simple: true })).toBe(FULL);
    other.close();
    const raw = openRaw(t.file, { fileMustExist: true });
    expect(raw.pragma('synchronous', { simple: true })).toBe(FULL);
    raw.close();
  });

  it('no code under electron/ opens a connection except through electron/db/connection.ts', () => {
    const offenders = sourceFiles('electron').filter(
      (f) =>
        !f.endsWith(join('db', 'connection.ts')) &&
        /new Database\(|from 'better-sqlite3'/.test(readFileSync(f, 'utf8').replace(/import type [^;]+;/g, '')),
    );
    expect(offenders).toEqual([]);
  });

  it('a durable rename leaves the whole file under the final name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'longling-dur-'));
    const tmp = join(dir, 'a.partial');
    writeFileSync(tmp, 'x'.repeat(100_000));
    durableRename(tmp, join(dir, 'a.db'));
    expect(existsSync(tmp)).toBe(false);
    expect(readFileSync(join(dir, 'a.db'), 'utf8').length).toBe(100_000);
  });

  it('a backup and its restore still round-trip through the durable renames', async () => {
    t = await makeTestEnv();
    const out = join(t.dir, 'b.db');
    const check = await backupTo(t.sqliteDb(), out);
    expect(check.ok).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const target = join(t.dir, 'restored.db');
    const r = await restoreFrom(target, out, new Date());
    expect(r.check.ok).toBe(true);
    const db = openRaw(target, { readonly: true, fileMustExist: true });
    expect(db.prepare('SELECT count(*) FROM app_user').pluck().get()).toBe(1);
    db.close();
  });
});
