// `npm run test:pg`: the db suite again on PostgreSQL (vitest project db-pg), where a throw-away
// cluster can be started here; elsewhere one line says why it was skipped, and the run succeeds.
import { spawnSync } from 'node:child_process';

const probe = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    "import('./tests/fixtures/pgCluster.ts').then((m) => process.stdout.write(JSON.stringify(m.pgAvailable())))",
  ],
  { encoding: 'utf8' },
);
let availability;
try {
  availability = JSON.parse(probe.stdout);
} catch {
  availability = { ok: false, reason: (probe.stderr || 'the PostgreSQL probe failed').trim().split('\n').pop() };
}
if (!availability.ok) {
  console.log(`PostgreSQL 测试已跳过（db-pg）：${availability.reason}`);
  process.exit(0);
}
const r = spawnSync('npx', ['vitest', 'run', '--project', 'db-pg', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
