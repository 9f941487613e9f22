// The PostgreSQL side of the benchmarks: a throw-away cluster started the way the tests start one
// (tests/fixtures/pgCluster.ts: a temp folder, a Unix socket, no TCP), a fresh database per
// measurement copied from the migrated template and reached as the app role, and a bare COPY through
// psql for floors (pg has no COPY of its own and pg-copy-streams is not a dependency).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_ROLE,
  pgAvailable,
  startCluster,
  TEMPLATE_DB,
  testDatabaseName,
  type PgCluster,
} from '../tests/fixtures/pgCluster';
import type { BenchResult } from './util';

let cluster: Promise<PgCluster> | null = null;

/** Why the PostgreSQL benchmarks cannot run here, or null. */
export function pgSkipReason(): string | null {
  const a = pgAvailable();
  return a.ok ? null : a.reason;
}

export function skipped(name: string, reason: string): BenchResult {
  return { name, ok: true, lines: [`SKIP  PostgreSQL not available: ${reason}`] };
}

/** One cluster for every PostgreSQL benchmark of the run, stopped when the process exits. */
export function benchCluster(): Promise<PgCluster> {
  cluster ??= startCluster();
  return cluster;
}

/** Stops the cluster if a benchmark started one (its admin connection would keep the process alive). */
export async function stopBenchCluster(): Promise<void> {
  const c = cluster;
  cluster = null;
  if (c) await (await c).stop();
}

/** A fresh migrated database: the app's URL (its login role) and the owner's. */
export async function pgDatabase(prefix: string): Promise<{ url: string; ownerUrl: string; drop(): Promise<void> }> {
  const c = await benchCluster();
  const name = testDatabaseName(prefix);
  const ownerUrl = await c.createDatabase(name, TEMPLATE_DB);
  return { url: c.url(name, APP_ROLE), ownerUrl, drop: () => c.dropDatabase(name) };
}

/** psql from the cluster's own binaries (or PATH). */
function psqlPath(): string {
  const a = pgAvailable();
  if (a.ok && existsSync(join(a.bin, 'psql'))) return join(a.bin, 'psql');
  return 'psql';
}

/** `COPY table (columns) FROM STDIN (FORMAT csv)` of `csv` through psql; resolves when committed. */
export function psqlCopy(url: string, table: string, columns: readonly string[], csv: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
    const p = spawn(
      psqlPath(),
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        url,
        '-c',
        `\\copy ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
      ],
      { env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY ${table}: ${err.trim()}`))));
    p.stdin.end(csv);
  });
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Runs `clients` loops at once over `items`, each taking the next item until none is left. */
export async function concurrently<T>(items: readonly T[], clients: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
