// Issue 7, point 3: the fuzz campaign of tests/reliability/fuzz.ts at a fixed seed, as a regression test.
import { beforeAll, describe, expect, it } from 'vitest';
import { runFuzzCampaign, type FuzzReport } from './fuzz';

let report: FuzzReport;
const lines: string[] = [];

beforeAll(async () => {
  report = await runFuzzCampaign({ runs: 60, seed: 42, log: (line) => lines.push(line) });
  console.log(lines.join('\n'));
}, 180_000);

describe('fuzz campaign (60 runs, seed 42)', () => {
  it('tries inputs against every property', () => {
    expect(report.inputsTried).toBeGreaterThan(0);
    for (const name of ['qr', 'idNumber', 'import', 'claims', 'channels'])
      expect(lines.find((l) => l.startsWith(`fuzz ${name}:`))).toMatch(/: [1-9]\d* inputs/);
  });

  it('never crashes: no exception, no INTERNAL answer to bad input, no broken contract', () => {
    expect(report.details.filter((d) => d.includes('] crash:'))).toEqual([]);
    expect(report.crashes).toBe(0);
  });

  it('never takes a mutated or random input for a genuine one', () => {
    expect(report.details.filter((d) => d.includes('] false accept:'))).toEqual([]);
    expect(report.falseAccepts).toBe(0);
  });

  it('never writes to the database when refusing', () => {
    expect(report.details.filter((d) => d.includes('] unexpected write:'))).toEqual([]);
    expect(report.unexpectedWrites).toBe(0);
  });
});
