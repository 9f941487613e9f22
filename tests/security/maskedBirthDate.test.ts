// Issue 12 §1: 530523********1234 hides exactly the 8 birth-date digits, and lists, details, the
// archive and exports showed the birth date beside it — a reviewer rebuilt every number of a page.
// Masked views now carry the birth year; the date comes with the full view (clerks, admins, audited).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { artifactText } from '../fixtures/leakScan';

let t: TestEnv;
let clerk: string;
let reviewer: string;
let workerId: number;
const id = makeId('530523', '19860417', 271);
const dates = /1986-04-17|19860417|1986\/04\/17/;

beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  reviewer = await t.loginAs('reviewer');
  workerId = (await t.must(clerk, 'worker:create', workerInput({ idNumber: id }))).id;
});
afterEach(() => t.close());

describe('a mask never beside its birth date', () => {
  it('shows the birth year in the list, the detail and the archive', async () => {
    for (const token of [reviewer, clerk]) {
      const list = await t.must(token, 'worker:search', { q: id.slice(-4) });
      expect(list.items[0]).toMatchObject({ birthYear: 1986 });
      const detail = await t.must(token, 'worker:get', { id: workerId });
      expect(detail).toMatchObject({ masked: true, birthDate: null, birthYear: 1986 });
      const archive = await t.must(token, 'archive:get', { id: workerId });
      expect(archive.worker).toMatchObject({ birthDate: null, birthYear: 1986 });
      expect(JSON.stringify([list, detail, archive])).not.toMatch(dates);
    }
    expect(await t.must(clerk, 'worker:get', { id: workerId, full: true })).toMatchObject({
      idNumber: id,
      birthDate: '1986-04-17',
    });
  });

  it('exports the birth year with masked numbers, the date only with full numbers', async () => {
    const masked = await artifactText(await t.must(reviewer, 'export:archive', { workerId }));
    expect(masked).toContain('出生年份');
    expect(masked).not.toMatch(dates);
    const full = await artifactText(await t.must(clerk, 'export:workers', { fullId: true }));
    expect(full).toContain('1986-04-17');
  });
});
