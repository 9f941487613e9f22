// The desktop app and the CLI on one database at once: the CLI imports a large spreadsheet (one
// long write transaction), backs up and reports while the app keeps registering workers and
// issuing vouchers. Nobody may see SQLITE_BUSY; every call either succeeds or fails for a reason.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { workerInput } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { writeWorkbook } from '../fixtures/workersXlsx';

let t: VoucherEnv;
beforeAll(async () => {
  t = await makeVoucherEnv();
});
afterAll(() => t.close());

function cli(args: string[], db = t.file): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args, '--db', db]);
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('two processes on one database', () => {
  it('never lets SQLITE_BUSY reach the user while the CLI imports, backs up and reports', async () => {
    const file = join(t.dir, 'big.xlsx');
    await writeWorkbook(file, 15_000);
    const cliRuns = (async () => [
      await cli(['import', 'workers', '--file', file, '--json']),
      // On PostgreSQL a backup is a pg_dump archive (.dump), checked by restoring it into a scratch
      // database: made with the owner account, as the bureau does (the app role may not create one).
      await cli(['backup', '--out', join(t.dir, t.engine === 'pg' ? 'during.dump' : 'during.db')], t.ownerFile),
      await cli(['report', 'targets', '--json']),
    ])();
    const codes: string[] = [];
    let calls = 0;
    let done = false;
    void cliRuns.then(() => (done = true));
    const cn = (n: number) => String(n).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
    for (let i = 0; !done || i < 20; i++) {
      // Let the child's exit be noticed between calls.
      await new Promise((r) => setImmediate(r));
      const idNumber = makeId('530523', `1992${String((i % 12) + 1).padStart(2, '0')}01`, 100 + Math.floor(i / 12));
      const w = await t.call(t.clerk, 'worker:create', workerInput({ idNumber, name: `并发${cn(i)}` }));
      calls++;
      if (!w.ok) codes.push(w.error.code);
      else {
        const v = await t.call(t.clerk, 'voucher:issue', { workerId: w.value.id, ...t.terms() });
        calls++;
        if (!v.ok) codes.push(v.error.code);
      }
    }
    const results = await cliRuns;
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(JSON.parse(results[0]!.out)).toMatchObject({ imported: 15_000, rejected: 0 });
    expect(calls).toBeGreaterThan(20);
    expect(codes.filter((c) => c === 'BUSY' || c === 'INTERNAL')).toEqual([]);
    expect(results.map((r) => r.err).join('')).not.toMatch(/BUSY|busy|locked/);
  }, 180_000);
});
