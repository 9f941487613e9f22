// `npm run bench`: every benchmark measures the app beside a floor in the same run and prints the ratio.
import { issueBench } from './issue.bench';
import { pdfBench } from './pdf.bench';
import { redeemBench } from './redeem.bench';
import { importBench } from './import.bench';
import { statsBench } from './stats.bench';
import { durabilityBench } from './durability.bench';
import { holderBench } from './holder.bench';
import { demoBench } from './demo.bench';
import type { BenchResult } from './util';
import { pgImportBench, pgIssueBench, pgRedeemBench } from './pg.bench';
import { stopBenchCluster } from './pgUtil';
import { serverBench } from './server.bench';

// `npm run bench [-- NAME] [--size N]`: one benchmark by name, and its main size smaller (or larger)
// than the default, e.g. `npm run bench -- pg-import --size 20000` on a busy 2-core machine.
const args = process.argv.slice(2);
const sizeAt = args.indexOf('--size');
const size = sizeAt >= 0 ? Number(args.splice(sizeAt, 2)[1]) : undefined;
if (size !== undefined && !(Number.isInteger(size) && size > 0)) throw new Error('--size takes a positive integer');
const only = args[0];
const all = {
  issue: issueBench,
  pdf: pdfBench,
  redeem: redeemBench,
  import: importBench,
  stats: statsBench,
  durability: durabilityBench,
  holder: holderBench,
  demo: demoBench,
  'pg-redeem': pgRedeemBench,
  'pg-import': pgImportBench,
  'pg-issue': pgIssueBench,
  server: serverBench,
};
const benches = Object.entries(all)
  .filter(([k]) => !only || k === only)
  .map(([, b]) => b);
let failed = 0;
for (const bench of benches) {
  // Every benchmark's first parameter is its main size.
  const r: BenchResult = await (size === undefined ? bench() : (bench as (n: number) => Promise<BenchResult>)(size));
  console.log(`\n## ${r.name}`);
  for (const line of r.lines) console.log(`  ${line}`);
  if (!r.ok) failed++;
}
await stopBenchCluster();
console.log(`\n${benches.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
