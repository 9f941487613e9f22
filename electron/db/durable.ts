// Files the database layer writes outside SQLite (backups, restores, the install secret) reach the
// disk before they count: the data is fsynced before the rename and the folder after it, so a power
// cut leaves either the old file or the whole new one under the final name, never a hole.
import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch (e) {
    // Windows cannot fsync a folder opened read-only; the rename is already durable there.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM' && (e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
  } finally {
    closeSync(fd);
  }
}

/** rename(2) made durable: the file's data first, then the rename recorded in its folder. */
export function durableRename(from: string, to: string): void {
  fsyncPath(from);
  renameSync(from, to);
  fsyncPath(dirname(to));
}
