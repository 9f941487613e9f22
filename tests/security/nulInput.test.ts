// A NUL in any field of any channel's input (one typed by a script against the county server, or
// pasted): refused by the dispatcher with a Chinese message naming the field, nothing written, the
// same on both engines. Fields without a control-character check of their own (an institution's
// name, a voucher's revocation reason) failed on PostgreSQL as an internal error and were stored on
// SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestEnv, type TestEnv } from '../fixtures/env';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const institution = (over: Record<string, unknown> = {}) => ({
  code: 'JG-NUL',
  name: '龙陵县技工学校',
  nature: 'public' as const,
  status: 'active' as const,
  approvals: [{ occupationCode: '6-31-01-03', level: 'L5' as const }],
  ...over,
});

describe('a NUL anywhere in a channel input', () => {
  it('is refused with the field named, and nothing is written', async () => {
    t = await makeTestEnv();
    const before = await t.count('institution');
    const audit = await t.count('audit_log');
    const named = await t.call(t.adminToken, 'catalog:institutionSave', institution({ name: '龙陵县\u0000技工学校' }));
    expect(named).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: '输入含有不可见的空字符（NUL），请删除后重新输入',
        fields: { name: '输入含有不可见的空字符（NUL），请删除后重新输入' },
      },
    });
    const address = await t.call(
      t.adminToken,
      'catalog:institutionSave',
      institution({ address: '\u0000', approvals: [{ occupationCode: '6-31-01-03', level: 'L5' }] }),
    );
    expect(address.ok).toBe(false);
    if (!address.ok) expect(address.error.fields).toEqual({ address: expect.stringContaining('NUL') });
    expect(await t.count('institution')).toBe(before);
    expect(await t.count('audit_log')).toBe(audit);
    // The same input without the NUL is saved: the refusal is the character's, not the field's.
    expect((await t.call(t.adminToken, 'catalog:institutionSave', institution())).ok).toBe(true);
    expect(await t.count('institution')).toBe(before + 1);
  });
});
