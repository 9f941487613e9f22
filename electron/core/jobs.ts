import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * Each job belongs to the user who started it.
 */
export class JobStore {
  private readonly jobs = new Map<string, Job & { ownerId: number }>();

  start(kind: string, ownerId: number, work: (h: JobHandle) => Promise<unknown>, onError: (e: unknown) => string): Job {
    const job = {
      id: randomBytes(12).toString('base64url'),
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
    setImmediate(() => {
      work(handle).then(
        (result) => Object.assign(job, { state: 'done', result, phase: '完成' }),
        (e) => Object.assign(job, { state: 'failed', error: onError(e), phase: '失败' }),
      );
    });
    return this.view(job);
  }

  get(id: string, ownerId: number): Job {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new AppError('NOT_FOUND', '任务不存在或已过期');
    return this.view(job);
  }

  /** Resolves when the job ends (used by the CLI and tests). */
  async wait(id: string, ownerId: number): Promise<Job> {
    for (;;) {
      const j = this.get(id, ownerId);
      if (j.state !== 'running') return j;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private view(job: Job & { ownerId: number }): Job {
    const { ownerId: _owner, ...rest } = job;
    return { ...rest };
  }
}

/** Generated files (PDFs, spreadsheets) kept in a private temp folder until fetched. */
export class ArtifactStore {
  private readonly dir = join(tmpdir(), `longling-artifacts-${process.pid}`);
  private readonly meta = new Map<string, { name: string; mime: string; ownerId: number }>();

  put(ownerId: number, name: string, mime: string, bytes: Uint8Array): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(12).toString('base64url');
    writeFileSync(join(this.dir, id), bytes, { mode: 0o600 });
    this.meta.set(id, { name, mime, ownerId });
    return id;
  }

  get(id: string, ownerId: number): Artifact & { bytes: Buffer } {
    const m = this.meta.get(id);
    if (!m || m.ownerId !== ownerId) throw new AppError('NOT_FOUND', '文件不存在或已过期');
    const bytes = readFileSync(join(this.dir, id));
    return { name: m.name, mime: m.mime, base64: bytes.toString('base64'), bytes };
  }

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
