// Issue 12 §1: worker:history (修改记录) is built from audit rows and reviewers may read it; it
// returned full ID numbers, phones and birth dates to them. Now every row is shown masked with
// fingerprints, rows written in clear by older versions included, and a correction stays visible.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesOf } from '../../renderer/src/features/workers/historyDiff';
import { maskIdNumber } from '../../shared/domain/mask';
import { appendClearRow } from '../fixtures/auditRows';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';

let t: TestEnv;
let clerk: string;
let reviewer: string;
const before = makeId('530523', '19791003', 246);
const after = makeId('530523', '19790310', 246);

beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  reviewer = await t.loginAs('reviewer');
});
afterEach(() => t.close());

describe('worker:history to a reviewer', () => {
  it('shows who changed what, with no full number, phone or birth date, also from rows older versions wrote', async () => {
    const w = await t.must(clerk, 'worker:create', workerInput({ idNumber: before, phone: '15808710001' }));
    await t.must(clerk, 'worker:update', { ...workerInput({ idNumber: after, phone: '15808710002' }), id: w.id });
    await appendClearRow(t.env.db, t.env.secrets, {
      entity: 'worker',
      entityId: String(w.id),
      action: 'update',
      before: { idNumber: after, phone: '15808710002', birthDate: '1979-03-10', name: '张三' },
      after: { idNumber: after, phone: '15808710003', birthDate: '1979-03-10', name: '张三' },
    });

    const history = await t.must(reviewer, 'worker:history', { id: w.id });
    expect(history.map((h) => h.action)).toEqual(['update', 'update', 'create']);
    const text = JSON.stringify(history);
    for (const secret of [before, after, '15808710001', '15808710002', '15808710003', '1979-10-03', '1979-03-10'])
      expect(text).not.toContain(secret);
    expect(text).toContain(maskIdNumber(after));

    // The correction shows as a change of number (by fingerprint), and the old row's phone change too.
    const labels = (i: number) => changesOf(history[i]!).map((c) => c.label);
    expect(labels(1)).toEqual(['公民身份号码', '手机号码']); // born the same year: 出生年份 unchanged
    expect(changesOf(history[0]!)).toEqual([{ label: '手机号码', before: '158****0002', after: '158****0003' }]);
  });
});
