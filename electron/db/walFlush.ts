// Group commit for the SQLite writer. With synchronous = FULL every COMMIT waited in fsync (1.2–1.5 ms
// under load on the county server) on the one thread that runs all writes, so writes queued behind
// the disk rather than behind each other. The writing connection now commits with NORMAL (a COMMIT
// only appends to the -wal file) and the driver answers a write only after an fdatasync of that file
// which began after its COMMIT. One sync covers every commit made before it started, and it runs on
// libuv's thread pool while the writer goes on with the next transaction. What a caller is told has
// been saved is on the disk, as with FULL; the difference is that another reader may see a commit up
// to one sync before it is durable (WAL frames are appended in order, so a later commit that survives
// a power cut implies every earlier one did).
import { open, type FileHandle } from 'node:fs/promises';

/** Makes the data already written to `path` durable. */
export type SyncFile = (path: string) => Promise<void>;

/** fdatasync through a handle of its own: it flushes the file's pages whichever handle wrote them. */
export const datasyncFile: SyncFile = async (path) => {
  const fh = await open(path, 'r+');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
};

/**
 * The default sync: one handle kept open on the -wal file (opening and closing it around every sync
 * doubled what a single write waited). SQLite never removes the -wal file while this process has
 * the database open; the handle is closed before the database is, and reopened after any error.
 */
function heldHandleSync(): { sync: SyncFile; close(): Promise<void> } {
  let fh: FileHandle | null = null;
  return {
    async sync(path) {
      // r+: Windows' FlushFileBuffers needs a handle that may write.
      fh ??= await open(path, 'r+');
      try {
        await fh.datasync();
      } catch (e) {
        const old = fh;
        fh = null;
        await old.close().catch(() => undefined);
        throw e;
      }
    },
    async close() {
      const old = fh;
      fh = null;
      await old?.close();
    },
  };
}

export class WalFlush {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /**
   * The first failed sync, kept: after a failed fsync the kernel may have dropped the unwritten pages
   * and report success to the next sync, so no later write may be answered as saved. Every flush fails
   * from then on, until the program is restarted (SQLite then recovers the WAL from what is on disk).
   */
  private failed: Error | null = null;

  private readonly sync: SyncFile;
  private readonly release: () => Promise<void>;

  constructor(
    private readonly path: string,
    sync?: SyncFile,
  ) {
    const held = sync ? null : heldHandleSync();
    this.sync = sync ?? held!.sync;
    this.release = held ? held.close : async () => undefined;
  }

  /** The sync failure that stops every later write, if any. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Resolves once everything written to the file before this call is on the disk. */
  flush(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.running) {
      this.running = this.sync(this.path)
        .catch((e: unknown) => {
          this.failed ??= e instanceof Error ? e : new Error(String(e));
          throw this.failed;
        })
        .finally(() => {
          this.running = null;
        });
      return this.running;
    }
    // The sync in flight may have begun before the caller's commit: wait for the next one, which
    // every caller arriving meanwhile shares.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.flush();
      });
    return this.queued;
  }

  /** Waits for the syncs in flight and lets go of the file, before the database is closed. */
  async close(): Promise<void> {
    for (let p = this.queued ?? this.running; p; p = this.queued ?? this.running) await p.catch(() => undefined);
    await this.release();
  }
}
