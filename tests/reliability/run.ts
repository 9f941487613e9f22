// `npm run reliability`: the fault and fuzz campaigns at full size, with their counts.
// Exit code 1 when anything crashed, was lost, or a forged input was accepted.
import { runFaultCampaign } from './faults';
import { runFuzzCampaign } from './fuzz';

const kills = Number(process.env.RELIABILITY_KILLS ?? 40);
const runs = Number(process.env.RELIABILITY_RUNS ?? 400);
const started = Date.now();

console.log(`故障注入：SIGKILL ${kills} 次（批量发券、申报包导入、结算拨付、表格导入轮流）…`);
const faults = await runFaultCampaign({ kills, log: (l) => console.log(`  ${l}`) });
console.log(`模糊测试：每项 ${runs} 组输入…`);
const fuzz = await runFuzzCampaign({ runs, log: (l) => console.log(`  ${l}`) });

const rows: [string, number][] = [
  ['faults injected (SIGKILL)', faults.faults],
  ['  of which after the operation had committed', faults.completedBeforeKill],
  ['integrity_check failures', faults.integrityFailures],
  ['audit chain failures', faults.auditFailures],
  ['rows lost or half-written', faults.rowsLost],
  ['fuzz inputs tried', fuzz.inputsTried],
  ['crashes', fuzz.crashes],
  ['forged inputs accepted', fuzz.falseAccepts],
  ['writes by refused inputs', fuzz.unexpectedWrites],
];
console.log('\n## 可靠性报告');
for (const [label, n] of rows) console.log(`  ${label.padEnd(46)} ${n}`);
for (const d of [...faults.details, ...fuzz.details]) console.log(`  ! ${d}`);
console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const failed =
  faults.integrityFailures +
  faults.auditFailures +
  faults.rowsLost +
  fuzz.crashes +
  fuzz.falseAccepts +
  fuzz.unexpectedWrites;
process.exitCode = failed ? 1 : 0;
