// One operation in a process of its own, for the parent to SIGKILL at a random moment:
// `node --import tsx tests/reliability/crashChild.ts OP DB DATA_DIR`. Prints "ready" just before
// the operation starts and "done" after it has committed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import type { ChannelInput, ChannelName } from '../../shared/contract/channels';
import { FAULT_PASSPHRASE, FAULT_PASSWORD } from './faultData';
import { testDb } from '../fixtures/testDb';

const [op, dbFile, dataDir] = process.argv.slice(2) as [string, string, string];
// The template's day, so that dates and idle locks do not depend on when the campaign runs.
const clock = { now: () => new Date('2026-11-29T03:00:00Z') };
const env = await createEnv(dbFile, { keyPassphrase: FAULT_PASSPHRASE, clock });

async function call<K extends ChannelName>(token: string | null, channel: K, input: ChannelInput<K>) {
  const r = await dispatch(env, token, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as { token?: string; id?: number | string; voucherId?: number };
}
const login = async (username: string) =>
  (await call(null, 'auth:login', { username, password: FAULT_PASSWORD })).token!;

async function main() {
  const clerk = await login('clerk1');
  const reviewer = await login('reviewer1');
  const admin = await login('admin');
  const data = JSON.parse(readFileSync(join(dataDir, 'data.json'), 'utf8')) as {
    batchWorkers: number[];
    planId: number;
    institutionId: number;
  };
  const xlsx = readFileSync(join(dataDir, 'workers.xlsx')).toString('base64');
  const claims = readFileSync(join(dataDir, 'claims.txt'), 'utf8');
  process.stdout.write('ready\n');
  switch (op) {
    case 'batch': {
      const job = await call(clerk, 'voucher:issueBatch', {
        planId: data.planId,
        occupationCode: '4-10-01-05',
        level: 'L5',
        institutionId: null,
        fundSource: 'employment_subsidy',
        selection: { workerIds: data.batchWorkers },
      });
      const owner = (await testDb(env.db).value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
      const done = await env.jobs.wait(String(job.id), owner);
      if (done.state !== 'done') throw new Error(`batch ${done.state}: ${done.error}`);
      break;
    }
    case 'claims':
      await call(admin, 'claims:import', { text: claims });
      break;
    case 'settle': {
      const r = await dispatch(env, clerk, 'settlement:candidates', { institutionId: data.institutionId });
      const ids = (r as { ok: true; value: { voucherId: number }[] }).value.map((c) => c.voucherId);
      const b = await call(clerk, 'settlement:create', { institutionId: data.institutionId, voucherIds: ids });
      await call(reviewer, 'settlement:approve', { id: b.id as number });
      await call(clerk, 'settlement:pay', { id: b.id as number, paidOn: '2026-11-29', paymentRef: 'CZ-FAULT-1' });
      break;
    }
    case 'import':
      await call(clerk, 'import:workers', { fileName: 'workers.xlsx', base64: xlsx, commit: true });
      break;
    default:
      throw new Error(`unknown op ${op}`);
  }
  process.stdout.write('done\n');
  await env.db.close();
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(3);
});
