// A second (or third) process redeeming vouchers in the same database file, for the throughput benchmark.
import { readFileSync } from 'node:fs';
import { dispatch } from '../electron/core/dispatcher';
import { createEnv } from '../electron/core/env';

const [file, listFile] = process.argv.slice(2) as [string, string];
const jobs = JSON.parse(readFileSync(listFile, 'utf8')) as { qr: string; id: string }[];
const env = await createEnv(file);
const login = await dispatch(env, null, 'auth:login', { username: 'op', password: 'Bench1234' });
if (!login.ok) throw new Error(login.error.message);
const token = (login.value as { token: string }).token;
let ok = 0;
let busy = 0;
const t0 = performance.now();
for (const j of jobs) {
  const r = await dispatch(env, token, 'redeem:confirm', { text: j.qr, idNumber: j.id });
  if (r.ok && (r.value as { ok: boolean }).ok) ok++;
  else if (!r.ok && r.error.code === 'BUSY') busy++;
}
process.stdout.write(JSON.stringify({ ok, busy, ms: performance.now() - t0 }) + '\n');
env.db.close();
