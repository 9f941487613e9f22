// The desktop's choice of 单机 or 连接县级服务器, kept in <userData>/connection.json: the app's own
// setting of this machine, not data, so it lives beside the window state and not in a database
// (in connected mode there is no local database to keep it in).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConnectionChoiceInput, type ConnectionChoice } from '../../shared/contract/connection';

export const CONNECTION_FILE = 'connection.json';

const Stored = z.object({
  version: z.literal(1),
  choice: ConnectionChoiceInput,
  chosenAt: z.string(),
});

export type ConnectionRead =
  | { kind: 'chosen'; choice: ConnectionChoice }
  | { kind: 'none' }
  /** The file is there but unreadable: the admin chooses again (never silently falls back to 单机). */
  | { kind: 'broken'; problem: string };

export function readConnection(file: string): ConnectionRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'broken', problem: (e as Error).message };
  }
  try {
    const parsed = Stored.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'chosen', choice: parsed.data.choice };
    return { kind: 'broken', problem: parsed.error.issues[0]?.message ?? '格式错误' };
  } catch {
    return { kind: 'broken', problem: '不是有效的 JSON' };
  }
}

/** Written to a temporary file first, so a crash mid-write never leaves half a file. */
export function writeConnection(file: string, choice: ConnectionChoice, now = new Date()): void {
  mkdirSync(dirname(file), { recursive: true });
  const stored: z.input<typeof Stored> = { version: 1, choice, chosenAt: now.toISOString() };
  writeFileSync(`${file}.tmp`, JSON.stringify(stored, null, 2));
  renameSync(`${file}.tmp`, file);
}

/**
 * The choice at start. An install from before this choice existed has its database and no file: it
 * goes on as 单机, as it always worked; so does a start given a database file (LONGLING_DB). A new
 * install (no file, no database) asks.
 */
export function initialChoice(file: string, dbFile: string, dbGiven = false): ConnectionRead {
  const read = readConnection(file);
  if (read.kind === 'none' && (dbGiven || existsSync(dbFile))) return { kind: 'chosen', choice: { mode: 'local' } };
  return read;
}
