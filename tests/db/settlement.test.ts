import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from '../../electron/services/excel/exceljs';
import { localDate } from '../../shared/domain/idNumber';
import { PASSWORD } from '../fixtures/env';
import { trainVoucher } from '../fixtures/training';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let op: string;

beforeEach(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
});
afterEach(() => t.close());

const today = () => localDate(t.clock.now());
const paidSum = async () =>
  (await t.db.value("SELECT coalesce(sum(paid_fen), 0) FROM voucher WHERE status = 'settled'")) as number;

async function certifiedBatch(n = 2) {
  const trained = [];
  for (let i = 0; i < n; i++) trained.push(await trainVoucher(t, op));
  const candidates = await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId });
  const batch = await t.must(t.clerk, 'settlement:create', {
    institutionId: t.institutionId,
    voucherIds: candidates.map((c) => c.voucherId),
  });
  return { trained, candidates, batch };
}

describe('settlement straight to the institution', () => {
  it('lists certified vouchers of the institution at their face value and batches them', async () => {
    const { trained, candidates, batch } = await certifiedBatch(2);
    expect(candidates.map((c) => c.serial).sort()).toEqual(trained.map((x) => x.serial).sort());
    expect(candidates.every((c) => c.payable && c.rule === 'full' && c.amountFen === c.faceFen)).toBe(true);
    expect(batch).toMatchObject({ status: 'submitted', voucherCount: 2, number: 'JS530523-2026-0001' });
    expect(batch.totalFen).toBe(candidates.reduce((s, c) => s + c.faceFen, 0));
    expect(batch.totalUpper).toMatch(/元整$/);
    // A voucher in a live batch is not offered again, and cannot be put in a second batch.
    expect(await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId })).toEqual([]);
    const again = await t.call(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [candidates[0]!.voucherId],
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses approval by the preparer, also written straight to the database, and accepts a second person', async () => {
    const { batch } = await certifiedBatch(1);
    const own = await t.call(t.clerk, 'settlement:approve', { id: batch.id });
    expect(own).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } }); // a clerk may not review at all
    await expect(
      t.db.run(
        "UPDATE settlement_batch SET status = 'approved', reviewed_by = prepared_by, reviewed_at = 'x' WHERE id = ?",
        batch.id,
      ),
    ).rejects.toThrow(/CHECK|check constraint/);
    const ok = await t.must(t.reviewer, 'settlement:approve', { id: batch.id });
    expect(ok).toMatchObject({ status: 'approved', reviewedBy: 'reviewer1' });
  });

  it('returns, trims and resubmits, then pays: vouchers settled and paid equal to the batch total', async () => {
    const { batch, trained } = await certifiedBatch(3);
    const returned = await t.must(t.reviewer, 'settlement:return', { id: batch.id, reason: '第三人材料不全' });
    expect(returned).toMatchObject({ status: 'returned', returnReason: '第三人材料不全' });
    const resubmitted = await t.must(t.clerk, 'settlement:resubmit', {
      id: batch.id,
      removeVoucherIds: [trained[2]!.voucherId],
    });
    expect(resubmitted).toMatchObject({ status: 'submitted', voucherCount: 2, reviewedBy: null });
    // The trimmed voucher is payable again.
    const back = await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId });
    expect(back.map((c) => c.voucherId)).toEqual([trained[2]!.voucherId]);
    await t.must(t.reviewer, 'settlement:approve', { id: batch.id });
    const future = await t.call(t.clerk, 'settlement:pay', { id: batch.id, paidOn: '2027-01-01', paymentRef: 'CZ-1' });
    expect(future).toMatchObject({ ok: false, error: { message: '拨付日期不能晚于今天' } });
    const paid = await t.must(t.clerk, 'settlement:pay', {
      id: batch.id,
      paidOn: today(),
      paymentRef: 'LLCZ-2026-118',
    });
    expect(paid).toMatchObject({ status: 'paid', paymentRef: 'LLCZ-2026-118' });
    for (const x of trained.slice(0, 2))
      expect((await t.must(t.clerk, 'voucher:get', { id: x.voucherId })).status).toBe('settled');
    expect(await paidSum()).toBe(paid.totalFen);
    const ledger = await t.must(t.clerk, 'ledger:get', {});
    expect(ledger.reduce((s, r) => s + r.paidFen, 0)).toBe(paid.totalFen);
    expect(ledger.reduce((s, r) => s + r.payableFen, 0)).toBe(back[0]!.faceFen);
    // Paid batches are frozen.
    const cancel = await t.call(t.clerk, 'settlement:cancel', { id: batch.id, reason: '重复' });
    expect(cancel.ok).toBe(false);
  });

  it('pays a share of the face value for partial attendance when configured, and nothing otherwise', async () => {
    await t.must(t.adminToken, 'settings:update', { minAttendancePct: 50, settleFullAttendancePct: 80 });
    await t.must(t.adminToken, 'auth:unlock', { password: PASSWORD });
    await trainVoucher(t, op, { hours: 25, plannedHours: 40 }); // 62%
    let [c] = await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId });
    expect(c).toMatchObject({
      attendancePct: 62,
      payable: false,
      reason: expect.stringContaining('低于全额拨付要求的 80%'),
    });
    await t.must(t.adminToken, 'settings:update', { settlePartialRatePct: 60 });
    [c] = await t.must(t.clerk, 'settlement:candidates', { institutionId: t.institutionId });
    expect(c).toMatchObject({ payable: true, rule: 'partial', amountFen: Math.round(c!.faceFen * 0.6) });
    const b = await t.must(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [c!.voucherId],
    });
    expect(b.totalFen).toBe(Math.round(c!.faceFen * 0.6));
  });

  it('recovers part of a paid subsidy, never more than was paid, and the ledger shows it', async () => {
    const { batch, trained } = await certifiedBatch(1);
    await t.must(t.reviewer, 'settlement:approve', { id: batch.id });
    const paid = await t.must(t.clerk, 'settlement:pay', { id: batch.id, paidOn: today(), paymentRef: 'CZ-9' });
    const vid = trained[0]!.voucherId;
    const tooMuch = await t.call(t.reviewer, 'settlement:recover', {
      voucherId: vid,
      amountFen: paid.totalFen + 1,
      reason: '虚报出勤',
      recoveredOn: today(),
    });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const r = await t.must(t.reviewer, 'settlement:recover', {
      voucherId: vid,
      amountFen: 30000,
      reason: '虚报出勤',
      recoveredOn: today(),
      reference: 'ZH-1',
    });
    expect(r.recoveredFen).toBe(30000);
    expect(r.items[0]!.recoveredFen).toBe(30000);
    expect(r.events.map((e) => e.action)).toEqual(['submit', 'approve', 'pay', 'recover']);
    const ledger = await t.must(t.clerk, 'ledger:get', {});
    expect(ledger.find((l) => l.fundSource === 'employment_subsidy')).toMatchObject({
      paidFen: paid.totalFen,
      recoveredFen: 30000,
    });
  });

  it('releases the commitment of revoked and expired vouchers in the ledger', async () => {
    const a = await t.newWorker();
    const b = await t.newWorker();
    const va = await t.must(t.clerk, 'voucher:issue', { workerId: a, ...t.terms() });
    await t.must(t.clerk, 'voucher:issue', { workerId: b, ...t.terms({ validityDays: 10 }) });
    const fund = async () =>
      (await t.must(t.clerk, 'ledger:get', {})).find((l) => l.fundSource === 'employment_subsidy')!;
    expect(await fund()).toMatchObject({ committedFen: va.amountFen * 2, releasedFen: 0 });
    await t.must(t.reviewer, 'voucher:revoke', { id: va.id, reason: '登记错误' });
    expect(await fund()).toMatchObject({ committedFen: va.amountFen, releasedFen: va.amountFen });
    await t.later(11);
    await t.must(t.clerk, 'voucher:list', { page: 1, pageSize: 10 }); // runs the expiry
    expect(await fund()).toMatchObject({ committedFen: 0, releasedFen: va.amountFen * 2 });
  });

  it('exports the payment list as .xlsx and PDF with the total in figures and in Chinese uppercase', async () => {
    const { batch } = await certifiedBatch(2);
    const x = await t.must(t.clerk, 'settlement:xlsx', { id: batch.id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as never);
    const ws = wb.getWorksheet('拨付明细')!;
    expect(ws.getRow(1).getCell(2).value).toBe('券号');
    expect(ws.getRow(2).getCell(11).value).toBe(batch.items[0]!.amountFen / 100);
    expect(ws.getRow(2).getCell(11).numFmt).toBe('#,##0.00');
    expect(ws.getRow(4).getCell(11).value).toBe(batch.totalFen / 100);
    expect(ws.getRow(6).getCell(2).value).toBe(`合计金额（大写）：${batch.totalUpper}`);
    const p = await t.must(t.clerk, 'settlement:pdf', { id: batch.id });
    const file = join(t.dir, 'list.pdf');
    writeFileSync(file, Buffer.from(p.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('职业培训补贴拨付明细表');
    expect(text).toContain(batch.number);
    expect(text).toContain(batch.totalUpper);
    expect(text).toContain('第 1 页 共 1 页');
    expect(text).toContain(batch.items[0]!.serial);
  });
});
