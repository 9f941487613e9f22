import { checkSerial } from '../../shared/domain/serial';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const rules = async (workerId: number, over = {}) =>
  (await t.must(t.clerk, 'voucher:check', { workerId, ...t.terms(over) })).refusals.map((r) => r.rule);

describe('issuance', () => {
  it('issues a voucher with a checked serial, the face value from the standards table and 90 days of validity', async () => {
    const w = await t.newWorker();
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms() });
    expect(v.serial).toMatch(/^530523-2026-\d{6}-[\dX]$/);
    expect(v).toMatchObject({
      amountFen: 150000,
      issueDate: '2026-11-29',
      expiryDate: '2027-02-26',
      status: 'issued',
      fallbackCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9A-Z]{3}$/),
    });
    expect(v.events).toMatchObject([{ fromStatus: null, toStatus: 'issued', username: 'clerk1' }]);
    const second = await t.must(t.clerk, 'voucher:issue', {
      workerId: await t.newWorker(),
      ...t.terms({ occupationCode: '6-31-01-03' }),
    });
    // Serials are drawn at random: they say nothing about how many were issued before.
    expect(second.serial).toMatch(/^530523-2026-\d{6}-[\dX]$/);
    expect(second.serial).not.toBe(v.serial);
    expect(checkSerial(second.serial)).toEqual({ ok: true, serial: second.serial });
    expect(second.amountFen).toBe(120000);
  });

  it('refuses with every failing rule named, and writes nothing', async () => {
    const w = await t.newWorker({ idNumber: makeId('530523', '19600101', 333) }); // a man of 66
    const before = await t.count('voucher');
    const r = await t.call(t.clerk, 'voucher:issue', { workerId: w, ...t.terms({ planId: t.plan('eco_guard') }) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('RULE');
    expect(r.error.message).toContain('【年龄条件】男性须年满 16 周岁且不超过 60 周岁，该劳动者 66 周岁');
    expect(r.error.message).toContain('【适用人群】“生态卫士计划”仅面向生态护林员');
    expect(await t.count('voucher')).toBe(before);
  });

  it('checks age limits by gender, with the settings', async () => {
    expect(await rules(await t.newWorker({ idNumber: makeId('530523', '19700101', 334) }))).toContain('AGE'); // woman of 56
    expect(await rules(await t.newWorker({ idNumber: makeId('530523', '19700101', 335) }))).toEqual([]); // man of 56
    expect(await rules(await t.newWorker({ idNumber: makeId('530523', '20110101', 337) }))).toContain('AGE'); // 15
    expect(await rules(await t.newWorker({ idNumber: makeId('530523', '20101129', 339) }))).toEqual([]); // 16 today
  });

  it('subsidises the same occupation and level once, and never a lower level after a higher one', async () => {
    const w = await t.newWorker();
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms({ level: 'L4' }) });
    await t.db.run("UPDATE voucher SET status = 'redeemed' WHERE id = ?", v.id);
    const again = await rules(w, { level: 'L4' });
    expect(again).toContain('SAME_TRAINING');
    expect(again).not.toContain('UNUSED_VOUCHER');
    expect(await rules(w, { level: 'L5' })).toEqual(['LOWER_LEVEL']);
    expect(await rules(w, { occupationCode: '6-31-01-03' })).toEqual([]);
  });

  it('allows at most 3 subsidised trainings a calendar year and one unused voucher at a time', async () => {
    const w = await t.newWorker();
    const first = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms() });
    expect(await rules(w, { occupationCode: '6-31-01-03' })).toEqual(['UNUSED_VOUCHER']);
    await t.db.run("UPDATE voucher SET status = 'redeemed' WHERE id = ?", first.id);
    for (const [occupationCode, level] of [
      ['6-31-01-03', 'L5'],
      ['4-03-02-01', 'L5'],
    ] as const) {
      const v = await t.must(t.clerk, 'voucher:issue', { workerId: w, ...t.terms({ occupationCode, level }) });
      await t.db.run("UPDATE voucher SET status = 'redeemed' WHERE id = ?", v.id);
    }
    expect(await rules(w, { occupationCode: '6-18-02-04' })).toEqual(['YEARLY_LIMIT']);
    await t.later(40); // into 2027
    expect(await rules(w, { occupationCode: '6-18-02-04' })).toEqual([]);
  });

  it('keeps plan-specific groups: 生态卫士计划 only for 生态护林员, the graduates plan only for graduates', async () => {
    const ranger = await t.newWorker({ targetGroups: ['forest_ranger'] });
    expect(await rules(ranger, { planId: t.plan('eco_guard') })).toEqual([]);
    expect(await rules(ranger, { planId: t.plan('graduate_skills') })).toEqual(['PLAN_GROUP']);
    const grad = await t.newWorker({ targetGroups: ['graduate'] });
    expect(await rules(grad, { planId: t.plan('graduate_skills') })).toEqual([]);
  });

  it('needs a subsidy standard, and an active, approved designated institution', async () => {
    const w = await t.newWorker();
    expect(await rules(w, { occupationCode: '4-10-01-05', level: 'L1' })).toEqual(['STANDARD']);
    expect(await rules(w, { institutionId: t.institutionId })).toEqual([]);
    expect(await rules(w, { institutionId: t.institutionId, level: 'L3' })).toEqual(['INSTITUTION']);
    const inst = (await t.must(t.adminToken, 'catalog:institutions', {}))[0]!;
    await t.must(t.adminToken, 'catalog:institutionSave', { ...inst, status: 'suspended' });
    const refusals = (
      await t.must(t.clerk, 'voucher:check', { workerId: w, ...t.terms({ institutionId: t.institutionId }) })
    ).refusals;
    expect(refusals).toEqual([
      expect.objectContaining({ rule: 'INSTITUTION', message: '【定向机构】“龙陵县职业技能培训学校”已暂停培训资格' }),
    ]);
  });

  it('issues a batch for a filter in one job, skipping and explaining the ineligible', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        await t.newWorker({ targetGroups: i < 4 ? ['forest_ranger'] : ['rural_labor'], townshipCode: '530523201' }),
      );
    await t.newWorker({ targetGroups: ['forest_ranger'], townshipCode: '530523101' });
    const input = {
      ...t.terms({ planId: t.plan('eco_guard'), occupationCode: '5-02-03-02' }),
      selection: { filter: { townshipCode: '530523201', targetGroup: 'forest_ranger' as const } },
    };
    const preview = await t.must(t.clerk, 'voucher:batchPreview', input);
    expect(preview).toMatchObject({ total: 4, eligibleCount: 4, refusedCount: 0, amountFen: 4 * 120000 });
    const mixed = await t.must(t.clerk, 'voucher:batchPreview', { ...input, selection: { workerIds: ids } });
    expect(mixed).toMatchObject({ total: 6, eligibleCount: 4, refusedCount: 2 });
    expect(mixed.refused[0]!.refusals[0]!.rule).toBe('PLAN_GROUP');
    const job = await t.must(t.clerk, 'voucher:issueBatch', input);
    const done = await t.env.jobs.wait(
      job.id,
      (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number,
    );
    expect(done).toMatchObject({ state: 'done', result: { issued: 4 } });
    expect(await t.count('voucher')).toBe(4);
    expect(await t.db.value("SELECT count(*) FROM audit_log WHERE channel = 'voucher:issueBatch'")).toBe(4);
  });

  it('leaves nothing half-issued when a batch fails part way', async () => {
    const ids = [await t.newWorker(), await t.newWorker(), await t.newWorker()];
    const input = { ...t.terms(), selection: { workerIds: ids } };
    const { writeBatch } = await import('../../electron/services/voucher/batch');
    const { prepareTerms } = await import('../../electron/services/voucher/eligibility');
    const { jobCtx, systemCall } = await import('../../electron/core/callContext');
    const ctx = jobCtx(t.env, systemCall('voucher:issueBatch'));
    const prepared = await prepareTerms(t.env.db.reader, t.terms() as never, '2026-11-29');
    const before = {
      vouchers: await t.count('voucher'),
      audit: await t.count('audit_log'),
      batches: await t.count('issue_batch'),
    };
    // The third "worker" does not exist: its insert fails on the foreign key after two succeeded.
    const broken = [...ids.slice(0, 2), 999999].map((id) => ({
      id,
      name: '某',
      idNumber: makeId('530523', '19900101', 1),
    })) as never;
    await expect(writeBatch(ctx, input as never, broken, prepared, new Map())).rejects.toThrow();
    expect({
      vouchers: await t.count('voucher'),
      audit: await t.count('audit_log'),
      batches: await t.count('issue_batch'),
    }).toEqual(before);
  });
});

describe('lifecycle', () => {
  it('refuses illegal transitions in the database itself', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const set = (s: string) => t.db.run('UPDATE voucher SET status = ? WHERE id = ?', s, v.id);
    await expect(set('settled')).rejects.toThrow(/illegal voucher transition/);
    await expect(set('certified')).rejects.toThrow(/illegal voucher transition/);
    await expect(async () => await t.db.run('UPDATE voucher SET amount_fen = 1 WHERE id = ?', v.id)).rejects.toThrow(
      /immutable/,
    );
    await set('redeemed');
    await expect(set('issued')).rejects.toThrow(/illegal voucher transition/);
  });

  it('revokes with a reason by a reviewer only, and refuses revoking a settled voucher', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const byClerk = await t.call(t.clerk, 'voucher:revoke', { id: v.id, reason: '录入错误' });
    expect(byClerk.ok ? null : byClerk.error.code).toBe('FORBIDDEN');
    const r = await t.must(t.reviewer, 'voucher:revoke', { id: v.id, reason: '录入错误' });
    expect(r).toMatchObject({ status: 'revoked', revokeReason: '录入错误' });
    expect(r.events.map((e) => e.toStatus)).toEqual(['issued', 'revoked']);
    const again = await t.call(t.reviewer, 'voucher:revoke', { id: v.id, reason: '再次作废' });
    expect(again.ok ? null : again.error.message).toBe('培训券当前状态为“已作废”，不能作废');
  });

  it('reissues (a role that may both issue and revoke): the old voucher revoked and linked to a new serial', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const n = await t.must(t.adminToken, 'voucher:reissue', { id: v.id, reason: '纸质券遗失' });
    expect(n.serial).not.toBe(v.serial);
    expect(n.replacesSerial).toBe(v.serial);
    const old = await t.must(t.clerk, 'voucher:get', { id: v.id });
    expect(old).toMatchObject({ status: 'revoked', revokeReason: '补发：纸质券遗失', replacedBySerial: n.serial });
  });

  it('expires vouchers automatically when their validity ends, audited', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', {
      workerId: await t.newWorker(),
      ...t.terms({ validityDays: 10 }),
    });
    expect(v.expiryDate).toBe('2026-12-08'); // ten days, the issue day included
    await t.later(9);
    await t.must(t.clerk, 'voucher:list', { q: '' });
    expect((await t.must(t.clerk, 'voucher:get', { id: v.id })).status).toBe('issued');
    await t.later(1);
    const list = await t.must(t.clerk, 'voucher:list', { q: '' });
    expect(list.items[0]!.status).toBe('expired');
    expect(await t.db.value("SELECT after_json FROM audit_log WHERE action = 'expire'")).toContain(v.serial);
  });
});
