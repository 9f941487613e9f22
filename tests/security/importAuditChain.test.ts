// The worker import links its audit rows in slices while the workers' COPY runs
// (linkMany / insertLinked), then rememberMapping appends its own audit row in the same transaction.
// Checked here with the install secret (a chain verified without it checks no keyed MAC):
//  - a 2,500-row import with a confirmed mapping (3 slices of LINK_SLICE, the mapping's row after);
//  - the same when PostgreSQL runs the import's transaction a second time (a deadlock at its end);
//  - a file with a number registered meanwhile: that row reported, the rest written, the chain and the
//    next write fine. (A COPY failing half-way is covered by tests/db/insertMany.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/services/audit.service';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { testEngine } from '../fixtures/testStore';
import { idForRow, writeWorkbook } from '../fixtures/workersXlsx';

const N = 2_500;
let t: TestEnv;
let clerk: string;
beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
});
afterEach(() => t.close());

/** The next write transaction's first attempt ends as a deadlock would, after all its work. */
function deadlockOnce(env: TestEnv['env']) {
  const db = env.db;
  const write = db.write.bind(db);
  const state = { armed: false, aborted: 0 };
  (db as { write: typeof db.write }).write = (fn, opts) =>
    write(async (tx) => {
      const out = await fn(tx);
      if (state.armed) {
        state.armed = false;
        state.aborted++;
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }
      return out;
    }, opts);
  return state;
}

async function importWithMapping(file: string) {
  const base64 = readFileSync(file).toString('base64');
  const preview = await t.must(clerk, 'import:workers', { fileName: 'w.xlsx', base64, commit: false });
  const mapping = { signature: preview.layout!.signature, columns: preview.layout!.columns.map((c) => c.field) };
  return { base64, mapping };
}

const chainOk = () => verifyAuditChain(t.env.db.reader, { secrets: t.env.secrets });

describe('the import audit chain', () => {
  it('verifies with the secret after a big import with a remembered mapping', async () => {
    const file = join(t.dir, 'w.xlsx');
    await writeWorkbook(file, N);
    const { base64, mapping } = await importWithMapping(file);
    const r = await t.must(clerk, 'import:workers', { fileName: 'w.xlsx', base64, commit: true, mapping });
    expect(r.imported).toBe(N);
    expect(Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'saveMapping'"))).toBe(1);
    expect(await chainOk()).toMatchObject({ ok: true });
  });

  it.skipIf(testEngine() !== 'pg')(
    'verifies after PostgreSQL ran the import transaction twice, with one of each row',
    async () => {
      const file = join(t.dir, 'w.xlsx');
      await writeWorkbook(file, N);
      const { base64, mapping } = await importWithMapping(file);
      const audit0 = await t.count('audit_log');
      const state = deadlockOnce(t.env);
      state.armed = true;
      const r = await t.must(clerk, 'import:workers', { fileName: 'w.xlsx', base64, commit: true, mapping });
      expect(state.aborted).toBe(1);
      expect(r.imported).toBe(N);
      expect(await t.count('worker')).toBe(N);
      expect(Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'saveMapping'"))).toBe(1);
      // N creates, the mapping, and the job's own rows: no row twice.
      expect(
        Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'worker'")),
      ).toBe(N);
      expect((await t.count('audit_log')) - audit0).toBeLessThan(N + 5);
      expect(await chainOk()).toMatchObject({ ok: true });
    },
  );

  it('reports a number registered after the preview, writes the rest, and the chain stays sound', async () => {
    const file = join(t.dir, 'w.xlsx');
    await writeWorkbook(file, N);
    const { base64, mapping } = await importWithMapping(file);
    const workers0 = await t.count('worker');
    await t.must(clerk, 'worker:create', workerInput({ idNumber: idForRow(1_700), name: '已登记' }));
    const r = await t.call(clerk, 'import:workers', { fileName: 'w.xlsx', base64, commit: true, mapping });
    // The registered row is reported, the rest imported.
    expect(r.ok).toBe(true);
    expect(await t.count('worker')).toBe(workers0 + N);
    expect(await chainOk()).toMatchObject({ ok: true });
    // The next write on the pool works.
    expect((await t.call(clerk, 'worker:create', workerInput({ idNumber: idForRow(N + 10) }))).ok).toBe(true);
    expect(await chainOk()).toMatchObject({ ok: true });
  });
});
