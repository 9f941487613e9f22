// Group commit on SQLite (electron/db/walFlush.ts): the writing connection commits with
// synchronous = NORMAL and the driver answers a write only after an fdatasync of the -wal file that
// began after its COMMIT. These tests watch the real syncs of a real file through the driver's hook.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../electron/db/driver/sqlite';
import { sql } from '../../electron/db/sql';
import { datasyncFile, WalFlush, type SyncFile } from '../../electron/db/walFlush';

const dirs: string[] = [];
const dbs: SqliteDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(syncWal: SyncFile): SqliteDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'longling-wal-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'a.db'), { syncWal });
  dbs.push(db);
  return db;
}

/** A sync that can be held open, to see who waits for it. */
function heldSync() {
  const started: Array<() => void> = [];
  const sync: SyncFile = () => new Promise<void>((resolve) => started.push(resolve));
  return { sync, started };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WalFlush', () => {
  it('a flush asked for while a sync runs waits for the next sync, which all such callers share', async () => {
    const h = heldSync();
    const f = new WalFlush('x', h.sync);
    const done: string[] = [];
    const first = f.flush().then(() => done.push('first'));
    const later = [1, 2, 3].map((i) => f.flush().then(() => done.push(`later${i}`)));
    expect(h.started).toHaveLength(1);
    h.started[0]!();
    await first;
    await tick();
    // The first sync may have begun before the later callers' commits: it does not answer them.
    expect(done).toEqual(['first']);
    expect(h.started).toHaveLength(2);
    h.started[1]!();
    await Promise.all(later);
    expect(done).toEqual(['first', 'later1', 'later2', 'later3']);
    expect(h.started).toHaveLength(2);
  });

  it('after a failed sync every later flush fails too: the next sync could report pages the kernel dropped as saved', async () => {
    let calls = 0;
    const h = heldSync();
    const f = new WalFlush('x', async (p) => {
      if (++calls === 1) {
        await h.sync(p);
        throw new Error('EIO');
      }
    });
    const first = f.flush();
    // A commit made while the failing sync runs waits for the next one, which is never trusted.
    const during = f.flush();
    h.started[0]!();
    await expect(first).rejects.toThrow('EIO');
    await expect(during).rejects.toThrow('EIO');
    await expect(f.flush()).rejects.toThrow('EIO');
    expect(calls).toBe(1);
  });
});

describe('the SQLite driver with group commit', () => {
  it('answers each write only after a sync of the WAL that began after its commit, many commits to one sync', async () => {
    const events: string[] = [];
    let syncs = 0;
    const db = open(async (path) => {
      const n = ++syncs;
      events.push(`sync${n}:start`);
      // Slow enough that the writes queued meanwhile share the next sync.
      await new Promise((r) => setTimeout(r, 20));
      await datasyncFile(path);
      events.push(`sync${n}:end`);
    });
    expect(db.connection.pragma('synchronous', { simple: true })).toBe(1);
    await db.write((tx) => tx.run(sql`CREATE TABLE t (n INTEGER NOT NULL) STRICT`));
    events.length = 0;
    syncs = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await db.write(async (tx) => {
          await tx.run(sql`INSERT INTO t (n) VALUES (${i})`);
          events.push(`tx${i}`);
        });
        events.push(`answer${i}`);
      }),
    );
    for (let i = 0; i < 20; i++) {
      const committed = events.indexOf(`tx${i}`);
      const answered = events.indexOf(`answer${i}`);
      // Some sync started after this commit and ended before this answer.
      const covering = Array.from({ length: syncs }, (_, k) => k + 1).filter(
        (k) => events.indexOf(`sync${k}:start`) > committed && events.indexOf(`sync${k}:end`) < answered,
      );
      expect(covering.length, `write ${i}: ${events.join(' ')}`).toBeGreaterThan(0);
    }
    expect(syncs).toBeLessThan(20);
    expect(await db.reader.value(sql`SELECT count(*) FROM t`)).toBe(20);
  });

  it('a write whose sync fails is refused with a Chinese message, and so is every write after it until a restart', async () => {
    let fail = false;
    const db = open(async (path) => {
      if (fail) throw new Error('EIO: i/o error');
      await datasyncFile(path);
    });
    await db.write((tx) => tx.run(sql`CREATE TABLE t (n INTEGER NOT NULL) STRICT`));
    fail = true;
    const refused = db.write((tx) => tx.run(sql`INSERT INTO t (n) VALUES (1)`));
    await expect(refused).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(refused).rejects.toThrow(/未能确认写入磁盘/);
    fail = false;
    await expect(db.write((tx) => tx.run(sql`INSERT INTO t (n) VALUES (2)`))).rejects.toThrow(/重新启动程序/);
    // The first was committed but not answered as saved; the second was not even written (a retry
    // of it would not make two). After a restart writes are answered again.
    expect(await db.reader.column(sql`SELECT n FROM t ORDER BY n`)).toEqual([1]);
    const file = db.file;
    await db.close();
    dbs.splice(dbs.indexOf(db), 1);
    const again = openSqlite(file);
    dbs.push(again);
    await again.write((tx) => tx.run(sql`INSERT INTO t (n) VALUES (3)`));
    expect(await again.reader.column(sql`SELECT n FROM t ORDER BY n`)).toEqual([1, 3]);
  });

  it('a database opened through a symlink syncs the -wal file beside the real file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longling-wal-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const synced: string[] = [];
    const db = openSqlite(join(dir, 'link', 'a.db'), {
      syncWal: async (path) => {
        synced.push(path);
        await datasyncFile(path);
      },
    });
    dbs.push(db);
    await db.write((tx) => tx.run(sql`CREATE TABLE t (n INTEGER NOT NULL) STRICT`));
    expect(synced).toEqual([`${realpathSync(join(dir, 'real', 'a.db'))}-wal`]);
    expect(existsSync(synced[0]!)).toBe(true);
  });

  it('non-transactional writes (exec) wait for the disk too', async () => {
    const events: string[] = [];
    const db = open(async (path) => {
      events.push('sync');
      await datasyncFile(path);
    });
    await db.exec(sql`CREATE TABLE t (n INTEGER NOT NULL) STRICT`);
    events.length = 0;
    await db.exec(sql`INSERT INTO t (n) VALUES (1)`);
    events.push('answer');
    expect(events).toEqual(['sync', 'answer']);
  });
});
