// `cli demo` ends today, whatever day that is, with settlement batches in every stage: paid, approved
// and waiting for payment, and waiting for review. On a Monday or a Tuesday the last round fell on
// the morning the round before it was reviewed, and that review approved both rounds' batches (CI
// failed on a Monday). `--today` ends the story on a given day, so each weekday is tried here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCli } from '../../electron/cli/runtime';
import { localDate } from '../../shared/domain/idNumber';

const dir = mkdtempSync(join(tmpdir(), 'longling-demo-days-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demo(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'demo', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LONGLING_ADMIN_PASSWORD: 'Passw0rd123', LONGLING_KEY_PASSPHRASE: '' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

/** The seven days of the last whole week before today, Monday first. */
function lastWeek(): string[] {
  const d = new Date();
  d.setDate(d.getDate() - 7 - ((d.getDay() + 6) % 7));
  return Array.from({ length: 7 }, (_, i) => localDate(new Date(d.getFullYear(), d.getMonth(), d.getDate() + i)));
}

describe('cli demo --today', () => {
  it.each(lastWeek())(
    'ending on %s leaves batches paid, approved and waiting for review',
    async (day) => {
      const file = join(dir, `${day}.db`);
      const out = demo(['--db', file, '--workers', '20', '--admin', 'me', '--today', day]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(`至 ${day}，`);
      const cli = await openCli(file);
      try {
        const batches = (await cli.call('settlement:list', { pageSize: 200 })).items;
        expect(new Set(batches.map((b) => b.status))).toEqual(new Set(['paid', 'approved', 'submitted']));
        // The last round's batches were prepared on the last working day on or before the day before.
        const waiting = batches.filter((b) => b.status === 'submitted');
        for (const b of waiting) expect(localDate(new Date(b.preparedAt)) < day).toBe(true);
      } finally {
        await cli.close();
      }
    },
    150_000,
  );

  it('refuses a day that does not exist or has not come yet, in Chinese', () => {
    const file = join(dir, 'refused.db');
    const impossible = demo(['--db', file, '--workers', '20', '--admin', 'me', '--today', '2026-02-30']);
    expect(impossible.code).not.toBe(0);
    expect(impossible.stderr).toContain('--today 2026-02-30：日期不存在，请核对年月日');
    // Two days on: tomorrow would be today in the child, were midnight to pass as it starts.
    const later = new Date();
    later.setDate(later.getDate() + 2);
    const future = demo(['--db', file, '--workers', '20', '--admin', 'me', '--today', localDate(later)]);
    expect(future.code).not.toBe(0);
    expect(future.stderr).toContain('在今天之后');
  });
});
