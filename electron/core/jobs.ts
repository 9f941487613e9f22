import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '../../shared/contract/schemas/voucher';
import type { Artifact } from '../../shared/contract/schemas/keys';
import { AppError } from './errors';

export interface JobHandle {
  progress(done: number, total: number, phase: string): void;
}

/**
 * Long work (a 10,000-voucher batch, a big PDF) runs as a job the UI polls for progress.
 * Each job belongs to the user who started it. The work runs in the process that started it; where
 * its progress is kept differs: this process's memory, or (a county server on PostgreSQL) the
 * database, so that a reload answered by another server process still finds it.
 */
export interface JobStore {
  start(
    kind: string,
    ownerId: number,
    work: (h: JobHandle) => Promise<unknown>,
    onError: (e: unknown) => string,
  ): Promise<Job>;
  get(id: string, ownerId: number): Promise<Job>;
  /** Resolves when the job ends (used by the CLI and tests). */
  wait(id: string, ownerId: number): Promise<Job>;
}

/** Generated files waiting for their one download. */
export interface ArtifactStore {
  put(ownerId: number, name: string, mime: string, bytes: Uint8Array): Promise<string>;
  /** The file, once: it is deleted as it is handed over. */
  get(id: string, ownerId: number): Promise<Artifact & { bytes: Buffer }>;
}

export const newJobId = () => randomBytes(12).toString('base64url');

export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Job & { ownerId: number }>();

  async start(
    kind: string,
    ownerId: number,
    work: (h: JobHandle) => Promise<unknown>,
    onError: (e: unknown) => string,
  ): Promise<Job> {
    const job = {
      id: newJobId(),
      kind,
      state: 'running' as Job['state'],
      done: 0,
      total: 0,
      phase: '准备中',
      result: null as unknown,
      error: null as string | null,
      ownerId,
    };
    this.jobs.set(job.id, job);
    const handle: JobHandle = {
      progress(done, total, phase) {
        job.done = done;
        job.total = total;
        job.phase = phase;
      },
    };
    // Started on the next turn so the caller gets the job id before any work blocks the loop.
    setImmediate(async () => {
      await work(handle).then(
        (result) => Object.assign(job, { state: 'done', result, phase: '完成' }),
        (e) => Object.assign(job, { state: 'failed', error: onError(e), phase: '失败' }),
      );
    });
    return this.view(job);
  }

  async get(id: string, ownerId: number): Promise<Job> {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new AppError('NOT_FOUND', '任务不存在或已过期');
    return this.view(job);
  }

  async wait(id: string, ownerId: number): Promise<Job> {
    for (;;) {
      const j = await this.get(id, ownerId);
      if (j.state !== 'running') return j;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private view(job: Job & { ownerId: number }): Job {
    const { ownerId: _owner, ...rest } = job;
    return { ...rest };
  }
}

const PREFIX = 'longling-artifacts-';
/** How long a generated file waits to be downloaded. */
export const ARTIFACT_TTL_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const GONE = '文件不存在或已过期：生成的文件只能下载一次，且最多保留 10 分钟，请重新生成';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // another user's process: alive
  }
}

/**
 * Removes the artifact folders of processes that are no longer running (a crash, a SIGKILL, a power
 * cut). Folders of running processes, this one included, are theirs to clean.
 */
export function removeLeftoverArtifacts(root = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(/^longling-artifacts-(\d+)(?:-|$)/.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's folder, or in use: not ours to force.
    }
  }
  return removed;
}

/** Every store with files on disk, emptied when the process exits normally. */
const live = new Set<DiskArtifactStore>();
let exitHook = false;

export interface ArtifactOptions {
  /** The temp folder (default: the OS's). */
  root?: string;
  ttlMs?: number;
  /** Milliseconds now (default Date.now): real time, since what matters is how long files sit on disk. */
  now?: () => number;
}

/**
 * Generated files (PDFs, spreadsheets) hold personal data, so they stay on disk only until fetched:
 * in a private folder (0700, files 0600) in the OS temp folder, deleted on their one download, after
 * ARTIFACT_TTL_MS if never fetched, when the process exits, and — if it crashed — at the next start.
 */
export class DiskArtifactStore implements ArtifactStore {
  private dir: string | null = null;
  private readonly meta = new Map<string, { name: string; mime: string; ownerId: number; createdAt: number }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly root: string;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: ArtifactOptions = {}) {
    this.root = opts.root ?? tmpdir();
    this.ttlMs = opts.ttlMs ?? ARTIFACT_TTL_MS;
    this.now = opts.now ?? Date.now;
    removeLeftoverArtifacts(this.root);
  }

  async put(ownerId: number, name: string, mime: string, bytes: Uint8Array): Promise<string> {
    // mkdtemp: a fresh, unguessable folder that no other user can have made in advance.
    this.dir ??= mkdtempSync(join(this.root, `${PREFIX}${process.pid}-`));
    const id = randomBytes(12).toString('base64url');
    writeFileSync(join(this.dir, id), bytes, { mode: 0o600 });
    this.meta.set(id, { name, mime, ownerId, createdAt: this.now() });
    this.watch();
    return id;
  }

  /** The file, once: it is deleted as it is handed over. */
  async get(id: string, ownerId: number): Promise<Artifact & { bytes: Buffer }> {
    this.sweep();
    const m = this.meta.get(id);
    if (!m || m.ownerId !== ownerId || !this.dir) throw new AppError('NOT_FOUND', GONE);
    const file = join(this.dir, id);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      this.meta.delete(id);
      throw new AppError('NOT_FOUND', GONE);
    }
    this.remove(id);
    return { name: m.name, mime: m.mime, base64: bytes.toString('base64'), bytes };
  }

  /** Deletes the files older than the time limit; the folder too once it is empty. */
  sweep(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [id, m] of this.meta) if (m.createdAt <= oldest) this.remove(id);
  }

  /** The folder holding the files waiting to be downloaded, or null when there are none. */
  get folder(): string | null {
    return this.dir;
  }

  /** How many files are waiting to be downloaded. */
  get size(): number {
    return this.meta.size;
  }

  clear(): void {
    this.meta.clear();
    this.stop();
  }

  private remove(id: string): void {
    this.meta.delete(id);
    if (this.dir) rmSync(join(this.dir, id), { force: true });
    if (this.meta.size === 0) this.stop();
  }

  private watch(): void {
    live.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const store of live) store.clear();
      });
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
      this.timer.unref(); // never what keeps a CLI run or a test alive
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    live.delete(this);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
