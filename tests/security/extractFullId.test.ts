// Issue 12 §1: archive:extract took showFullId from anyone who may print an extract, so a reviewer
// got a PDF with the full ID number (and the masked one carried the birth date the mask hides).
// Now only clerks and admins may print the full number (audited); the masked extract shows the year.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/domain/mask';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { follow } from '../fixtures/leakScan';

let t: TestEnv;
let clerk: string;
let reviewer: string;
let workerId: number;
const id = makeId('530523', '19770908', 135);

beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  reviewer = await t.loginAs('reviewer');
  await t.must(t.adminToken, 'keys:create', { passphrase: 'key passphrase 2026' });
  workerId = (await t.must(clerk, 'worker:create', workerInput({ idNumber: id }))).id;
});
afterEach(() => t.close());

const extracts = async () => await t.count('archive_extract');
const fullIdRows = async () =>
  (await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'extractFullId'")) as number;

async function pdf(token: string, showFullId: boolean) {
  const answer = await t.call(token, 'archive:extract', { workerId, showFullId });
  return { answer, text: (await follow(t.env, token, answer)).texts.join('\n').replace(/\s+/g, '') };
}

describe('archive extract with the full ID number', () => {
  it('is refused to a reviewer, before anything is recorded', async () => {
    const { answer } = await pdf(reviewer, true);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('档案摘要') },
    });
    expect([await extracts(), await fullIdRows()]).toEqual([0, 0]);
  });

  it('gives a reviewer the mask and the birth year, never the birth date', async () => {
    const { answer, text } = await pdf(reviewer, false);
    expect(answer.ok).toBe(true);
    expect(text).toContain(maskIdNumber(id));
    expect(text).toContain('出生年份1977年');
    expect(text).not.toMatch(/1977-09-08|19770908|出生日期/);
  });

  it('prints the full number and the birth date for a clerk, audited', async () => {
    const { text } = await pdf(clerk, true);
    expect(text).toContain(id);
    expect(text).toContain('1977-09-08');
    expect(await fullIdRows()).toBe(1);
  });
});
