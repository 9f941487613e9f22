// ID numbers and phones leave the services masked; the full values only for clerks and admins,
// and every such view is in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';

let t: TestEnv;
let clerk: string;
let reviewer: string;
let id: number;
const idNumber = makeId('530523', '19880808', 88);

beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  reviewer = await t.loginAs('reviewer');
  id = (await t.must(clerk, 'worker:create', workerInput({ idNumber, phone: '13912345678' }))).id;
});
afterEach(() => t.close());

const fullViews = async () =>
  await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'view_full' AND entity_id = ?", String(id));

describe('personal data', () => {
  it('masks the worker by default, in the detail and in the archive', async () => {
    const w = await t.must(reviewer, 'worker:get', { id });
    expect(w).toMatchObject({ idNumber: `530523********${idNumber.slice(-4)}`, phone: '139****5678', masked: true });
    expect((await t.must(clerk, 'archive:get', { id })).worker).toMatchObject({ masked: true, phone: '139****5678' });
    expect(JSON.stringify(await t.must(clerk, 'worker:search', { q: '张三' }))).not.toContain(idNumber);
    expect(await fullViews()).toBe(0);
  });

  it('shows full values to a clerk and an admin, audited each time, and never to a reviewer', async () => {
    expect(await t.must(clerk, 'worker:get', { id, full: true })).toMatchObject({ idNumber, masked: false });
    expect((await t.must(t.adminToken, 'archive:get', { id, full: true })).worker.idNumber).toBe(idNumber);
    expect(await fullViews()).toBe(2);
    const refused = await t.call(reviewer, 'worker:get', { id, full: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await fullViews()).toBe(2);
    const audit = await t.must(t.adminToken, 'audit:list', { entity: 'worker', page: 1, pageSize: 10 });
    expect(audit.items.find((r) => r.action === 'view_full')).toMatchObject({ username: 'admin' });
  });
});
