// Issue 12 §1: the audit log held ID numbers and phones in clear, for ever. It now holds the mask
// and a keyed fingerprint (key outside the database file): whoever reads the file or the log learns
// no number, a corrected number stays traceable, and an admin can still ask "was it this number?"
// (audit:searchPerson, 系统管理 → 审计日志 → 按号码核对), which is itself audited.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/domain/mask';
import { appendClearRow } from '../fixtures/auditRows';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { idForRow, writeWorkbook } from '../fixtures/workersXlsx';

let t: TestEnv;
let clerk: string;
const oldId = makeId('530523', '19830214', 555);
const newId = makeId('530523', '19830412', 555);

beforeEach(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
});
afterEach(() => t.close());

const rawLog = async () =>
  ((await t.db.all('SELECT before_json, after_json FROM audit_log')) as Record<string, string | null>[])
    .map((r) => `${r.before_json ?? ''}\n${r.after_json ?? ''}`)
    .join('\n');

async function registerAndCorrect() {
  const w = await t.must(clerk, 'worker:create', workerInput({ idNumber: oldId, phone: '13512340001' }));
  await t.must(clerk, 'worker:update', { ...workerInput({ idNumber: newId, phone: '13512340002' }), id: w.id });
  return w.id;
}

describe('audit log without full numbers', () => {
  it('stores masks and keyed fingerprints, never the number, the phone or the birth date', async () => {
    await registerAndCorrect();
    const xlsx = join(t.dir, 'w.xlsx');
    await writeWorkbook(xlsx, 3);
    const base64 = readFileSync(xlsx).toString('base64');
    await t.must(clerk, 'import:workers', { fileName: 'w.xlsx', base64, commit: true });
    const log = await rawLog();
    for (const secret of [oldId, newId, '13512340001', '13512340002', idForRow(0), idForRow(2), '13900000001'])
      expect(log).not.toContain(secret);
    expect(log).not.toMatch(/1983-0[24]-\d\d/);
    expect(log).toContain(`"idNumberFp":"${t.env.secrets.fingerprint(oldId)}"`);
    expect(log).toContain(`"idNumberFp":"${t.env.secrets.fingerprint(idForRow(2))}"`);
    expect(log).toContain('"birthYear":1983');
    // The fingerprint is keyed: a plain hash of the number is not it.
    expect(t.env.secrets.fingerprint(oldId)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a corrected ID number traceable: before and after fingerprints differ', async () => {
    const id = await registerAndCorrect();
    const [update] = await t.must(t.adminToken, 'worker:history', { id });
    expect(update).toMatchObject({
      action: 'update',
      before: { idNumber: maskIdNumber(oldId), idNumberFp: t.env.secrets.fingerprint(oldId) },
      after: { idNumber: maskIdNumber(newId), idNumberFp: t.env.secrets.fingerprint(newId) },
    });
  });

  it('answers an admin "was it this number?" by fingerprint, also in rows older versions wrote in clear', async () => {
    const id = await registerAndCorrect();
    // A row as the previous version wrote it (chained with the same key, numbers in clear).
    const old = await appendClearRow(t.env.db, t.env.secrets, {
      entity: 'worker',
      entityId: String(id),
      action: 'update',
      before: { idNumber: oldId, phone: '13512340001', birthDate: '1983-02-14' },
      after: { idNumber: oldId, phone: '13512340009', birthDate: '1983-02-14' },
    });

    const typed = `${oldId.slice(0, 6)} ${oldId.slice(6)}`.toLowerCase();
    const found = await t.must(t.adminToken, 'audit:searchPerson', { value: typed });
    expect(found).toMatchObject({ kind: 'idNumber', masked: maskIdNumber(oldId), total: 3 });
    expect(found.fingerprint).toBe(t.env.secrets.fingerprint(oldId));
    expect(found.items.map((r) => r.id)).toContain(old);
    // The old row is shown as this version writes rows: masked, fingerprinted, the year only.
    const shown = JSON.stringify(found);
    expect(shown).not.toContain(oldId);
    expect(shown).not.toContain('13512340001');
    expect(shown).not.toContain('1983-02-14');
    expect(found.items.find((r) => r.id === old)!.before).toMatchObject({
      idNumber: maskIdNumber(oldId),
      idNumberFp: t.env.secrets.fingerprint(oldId),
      birthYear: 1983,
    });

    expect(await t.must(t.adminToken, 'audit:searchPerson', { value: '135-1234-0009' })).toMatchObject({
      kind: 'phone',
      masked: '135****0009',
      total: 1,
    });
    expect((await t.must(t.adminToken, 'audit:searchPerson', { value: makeId('530523', '19990101', 1) })).total).toBe(
      0,
    );
    const bad = await t.call(t.adminToken, 'audit:searchPerson', { value: '5305231983' });
    expect(bad.ok ? '' : bad.error.message).toMatch(/18 位公民身份号码/);

    // Each check is audited, with the typed number as mask and fingerprint only.
    const checks = await t.must(t.adminToken, 'audit:list', { q: 'searchPerson', pageSize: 10 });
    expect(checks.total).toBe(3);
    const checkRows = await t.db.column("SELECT after_json FROM audit_log WHERE action = 'searchPerson'");
    expect(checkRows.join()).not.toMatch(new RegExp(`${oldId}|13512340009`));
    expect(JSON.stringify(checks)).toContain(t.env.secrets.fingerprint(oldId));
    expect(await t.must(t.adminToken, 'audit:verify', {})).toMatchObject({ ok: true });
  });

  it('lets only admins check a number against the log', async () => {
    const reviewer = await t.loginAs('reviewer');
    for (const token of [clerk, reviewer]) {
      const r = await t.call(token, 'audit:searchPerson', { value: oldId });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
