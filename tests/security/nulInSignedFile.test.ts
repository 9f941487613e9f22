// A file read by a service holding a NUL (found by a red-team). The dispatcher refuses a NUL in a
// channel's input, but a file arrives as text in which the NUL is still escaped ("\u0000" as six
// characters): the service parsed it and the NUL reached the database. On PostgreSQL the whole claim
// package failed as INTERNAL; on SQLite the NUL was stored (and that file could then no longer be
// moved to PostgreSQL). Who: an institution holding its offline install's file (it signs its own
// claim packages) writes a NUL into a class name there and exports its package. Also: a registration
// file whose signed payload is not JSON answered INTERNAL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGISTRATION_FORMAT } from '../../electron/services/exchange/institution.service';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { institutionInstall } from '../fixtures/institutionInstall';
import { testDb } from '../fixtures/testDb';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('a NUL inside a signed claim package', () => {
  it('refuses the whole package with a Chinese message, and stores nothing of it', async () => {
    const idNumber = makeId('530523', '19900101', 811);
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker({ idNumber }), ...t.terms() });
    const inst = await institutionInstall(t);
    const { call, op: instOp } = inst;
    try {
      await call(instOp, 'redeem:confirm', { text: v.qrText, idNumber });
      const c = await call<{ uid: string }>(instOp, 'class:create', {
        name: '养老护理员初级班',
        occupationCode: '4-10-01-05',
        level: 'L5',
        startDate: '2026-11-29',
        endDate: '2026-12-20',
        plannedHours: 40,
        teachers: '王老师',
      });
      // The institution holds its install's file: a NUL in the class name, written there directly.
      await testDb(inst.env.db).run(
        `UPDATE training_class SET name = '养老护理员' || char(0) || '初级班' WHERE uid = ?`,
        c.uid,
      );
      const pkg = await call<{ text: string }>(instOp, 'claims:export', {});
      expect(pkg.text).toContain('\\u0000'); // escaped in the JSON text: no raw NUL for nulPath to see
      expect(pkg.text).not.toContain('\u0000');

      await t.must(t.reviewer, 'auth:unlock', { password: PASSWORD });
      const r = await t.call(t.reviewer, 'claims:import', { text: pkg.text });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('NUL') });
      // And nothing holding a NUL is stored (it could not be moved to PostgreSQL later).
      // (PostgreSQL cannot hold one at all; on SQLite look for it.)
      if (t.engine === 'sqlite') {
        const stored = Number(await t.db.value('SELECT count(*) FROM training_class WHERE instr(name, char(0)) > 0'));
        expect(stored).toBe(0);
      }
    } finally {
      await inst.close();
    }
  });

  it('refuses a registration file whose signed payload is not JSON with a Chinese message', async () => {
    const text = JSON.stringify({
      format: REGISTRATION_FORMAT,
      institutionCode: 'LL-PX-001',
      kid: 'k1',
      publicKeyPem: 'pem',
      payload: '{not json',
      signature: 'AAAA',
    });
    const r = await t.call(t.adminToken, 'institution:bind', { text });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '登记文件内容已损坏' } });
  });

  it('answers a file holding only JSON null (or a number) with a Chinese message, not INTERNAL', async () => {
    for (const text of ['null', '7']) {
      for (const channel of ['claims:import', 'institution:bind'] as const) {
        const token = channel === 'claims:import' ? t.reviewer : t.adminToken;
        if (channel === 'claims:import') await t.must(t.reviewer, 'auth:unlock', { password: PASSWORD });
        const r = await t.call(token, channel, { text });
        expect(r.ok ? 'ok' : r.error.code, `${channel} ${text}`).toBe('VALIDATION');
      }
    }
  });
});
