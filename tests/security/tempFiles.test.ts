// Attack reproduced: "temp files with full ID numbers (the longling-artifacts-* folders in the OS
// temp folder) are never removed". Every PDF, extract and spreadsheet the app generated stayed in
// the temp folder after download, after the app closed and after a crash.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_TTL_MS, DiskArtifactStore } from '../../electron/core/jobs';
import { DbArtifactStore } from '../../electron/core/sharedStores';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

const ID_NUMBER = '530523199001011234';
const pdf = () => Buffer.from(`%PDF-1.7 档案摘要 ${ID_NUMBER}`);
let t: TestEnv;
let root: string;
beforeEach(async () => {
  t = await makeTestEnv();
  root = mkdtempSync(join(tmpdir(), 'longling-temp-test-'));
});
afterEach(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const userId = async (name: string) => (await t.db.value('SELECT id FROM app_user WHERE username = ?', name)) as number;

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('temporary files with personal data', () => {
  it('deletes a generated file as it is downloaded; a second download is refused in Chinese', async () => {
    const clerk = await t.loginAs('clerk');
    const store = t.env.artifacts;
    const id = await store.put(await userId('clerk1'), '档案摘要.pdf', 'application/pdf', pdf());
    // Where the file waits depends on the install: a private temp folder on one machine, a sealed row
    // in the database on a county server (PostgreSQL), which every server process can hand out.
    const folder = store instanceof DiskArtifactStore ? store.folder! : null;
    if (folder) {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, id)).mode & 0o777).toBe(0o600);
    } else {
      expect(store).toBeInstanceOf(DbArtifactStore);
      const row = await t.db.get<{ sealed: Uint8Array }>('SELECT sealed FROM app_artifact WHERE id = ?', id);
      expect(Buffer.from(row!.sealed).toString('latin1')).not.toContain(ID_NUMBER);
    }
    const a = await t.must(clerk, 'artifact:get', { id });
    expect(Buffer.from(a.base64, 'base64').toString()).toContain(ID_NUMBER);
    if (folder) {
      expect(existsSync(join(folder, id))).toBe(false);
      expect(existsSync(folder)).toBe(false); // the last file: the folder goes too
    } else {
      expect(await t.db.value('SELECT count(*) FROM app_artifact WHERE id = ?', id)).toBe(0);
    }
    const again = await t.call(clerk, 'artifact:get', { id });
    expect(again.ok ? null : again.error).toEqual({
      code: 'NOT_FOUND',
      message: '文件不存在或已过期：生成的文件只能下载一次，且最多保留 10 分钟，请重新生成',
    });
  });

  it('deletes a sealed file in the database nobody downloads after 10 minutes', async () => {
    let now = 1_000_000;
    const store = new DbArtifactStore(t.env.db, t.env.secrets, ARTIFACT_TTL_MS, () => now);
    await t.loginAs('clerk');
    const owner = await userId('clerk1');
    const first = await store.put(owner, 'a.pdf', 'application/pdf', pdf());
    now += ARTIFACT_TTL_MS / 2;
    const second = await store.put(owner, 'b.pdf', 'application/pdf', pdf());
    expect(await t.db.value('SELECT count(*) FROM app_artifact')).toBe(2);
    await expect(store.get(second, owner + 1)).rejects.toThrow('文件不存在或已过期'); // someone else's
    now += ARTIFACT_TTL_MS / 2;
    await expect(store.get(first, owner)).rejects.toThrow('文件不存在或已过期');
    await store.put(owner, 'c.pdf', 'application/pdf', pdf()); // each new file sweeps the expired ones
    expect(await t.db.column('SELECT id FROM app_artifact WHERE id IN (?, ?)', first, second)).toEqual([second]);
    expect(Buffer.from((await store.get(second, owner)).bytes).toString()).toContain(ID_NUMBER);
    now += ARTIFACT_TTL_MS;
    await store.put(owner, 'd.pdf', 'application/pdf', pdf());
    expect(await t.db.value('SELECT count(*) FROM app_artifact')).toBe(1);
  });

  it('deletes a file nobody downloads after 10 minutes', async () => {
    let now = 1_000_000;
    const store = new DiskArtifactStore({ root, now: () => now });
    const first = await store.put(7, 'a.pdf', 'application/pdf', pdf());
    now += ARTIFACT_TTL_MS / 2;
    await store.put(7, 'b.pdf', 'application/pdf', pdf());
    const folder = store.folder!;
    expect(readdirSync(folder)).toHaveLength(2);
    now += ARTIFACT_TTL_MS / 2;
    store.sweep();
    expect(readdirSync(folder)).toHaveLength(1);
    await expect(store.get(first, 7)).rejects.toThrow('文件不存在或已过期');
    now += ARTIFACT_TTL_MS;
    store.sweep();
    expect(existsSync(folder)).toBe(false);
    expect(store.size).toBe(0);
  });

  it('removes at start-up the folders a crashed run left behind, and no running process’s', () => {
    const crashed = join(root, `longling-artifacts-${deadPid()}`);
    const crashedNew = join(root, `longling-artifacts-${deadPid()}-Ab12Cd`);
    const running = join(root, `longling-artifacts-${process.ppid}-Xy34Zw`);
    for (const dir of [crashed, crashedNew, running]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'left'), pdf());
    }
    writeFileSync(join(root, 'longling-artifacts-notes.txt'), 'not ours');
    new DiskArtifactStore({ root });
    expect(readdirSync(root).sort()).toEqual([
      `longling-artifacts-${process.ppid}-Xy34Zw`,
      'longling-artifacts-notes.txt',
    ]);
  });

  it('empties its folder when the process exits, and a killed process’s folder goes at the next start', async () => {
    const script = (exit: string) => `
      import { DiskArtifactStore } from './electron/core/jobs.ts';
      const store = new DiskArtifactStore({ root: ${JSON.stringify(root)} });
      await store.put(1, 'x.pdf', 'application/pdf', Buffer.from('${ID_NUMBER}'));
      console.log(store.folder);
      ${exit}`;
    const run = (exit: string) =>
      new Promise<{ code: number | null; signal: string | null; out: string }>((ok) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(exit)]);
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code, signal) => ok({ code, signal, out: out.trim() }));
      });
    const normal = await run('process.exit(0);');
    expect(normal.code).toBe(0);
    expect(existsSync(normal.out)).toBe(false);

    const killed = await run("process.kill(process.pid, 'SIGKILL');");
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(killed.out)).toBe(true);
    new DiskArtifactStore({ root });
    expect(existsSync(killed.out)).toBe(false);
  });
});
