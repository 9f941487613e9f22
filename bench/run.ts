// `npm run bench`: every benchmark measures the app beside a floor in the same run and prints the ratio.
import { issueBench } from './issue.bench';
import { pdfBench } from './pdf.bench';
import { redeemBench } from './redeem.bench';
import { importBench } from './import.bench';
import { statsBench } from './stats.bench';
import { durabilityBench } from './durability.bench';
import { holderBench } from './holder.bench';
import { demoBench } from './demo.bench';
import { serverBench } from './server.bench';

const only = process.argv[2];
const all = {
  issue: issueBench,
  pdf: pdfBench,
  redeem: redeemBench,
  import: importBench,
  stats: statsBench,
  durability: durabilityBench,
  holder: holderBench,
  demo: demoBench,
  server: serverBench,
};
const benches = Object.entries(all)
  .filter(([k]) => !only || k === only)
  .map(([, b]) => b);
let failed = 0;
for (const bench of benches) {
  const r = await bench();
  console.log(`\n## ${r.name}`);
  for (const line of r.lines) console.log(`  ${line}`);
  if (!r.ok) failed++;
}
console.log(`\n${benches.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
