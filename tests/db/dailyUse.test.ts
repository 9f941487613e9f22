// Issue 16 §3, §4, §6 at the service: 今日核销 and the 核销回执, the 签收表 of a batch, a scanned code
// resolved to what it names, and the counts that tell each settlement role what waits for it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let op: string;
beforeEach(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
});
afterEach(() => t.close());

function pdfText(base64: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'longling-pdf-')), 'a.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function redeemed(seq: number, name: string) {
  const idNumber = makeId('530523', '19900101', seq);
  const workerId = await t.newWorker({ idNumber, name });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
  await t.must(op, 'redeem:confirm', { text: v.qrText, idNumber });
  return { v, idNumber, workerId };
}

describe('daily use at the institution and the bureau', () => {
  it('lists today’s redemptions at the institution and prints a receipt with the ID tail only', async () => {
    const { v, idNumber } = await redeemed(901, '杨丽华');
    const today = await t.must(op, 'redeem:today', {});
    expect(today.items).toEqual([
      expect.objectContaining({
        serial: v.serial,
        holderName: '杨丽华',
        idLast4: idNumber.slice(-4),
        amountFen: 150000,
      }),
    ]);
    const receipt = await t.must(op, 'redeem:receipt', { serial: v.serial });
    expect(receipt.mime).toBe('application/pdf');
    const text = pdfText(receipt.base64);
    expect(text).toContain(v.serial);
    expect(text).toContain('杨丽华');
    expect(text).toContain(idNumber.slice(-4));
    expect(text).not.toContain(idNumber);
    expect(await t.count("audit_log WHERE action = 'printReceipt'")).toBe(1);
    // Tomorrow it is no longer today's.
    await t.later(1);
    await t.must(op, 'auth:unlock', { password: PASSWORD });
    expect((await t.must(op, 'redeem:today', {})).items).toEqual([]);
  });

  it('prints the 签收表 of a batch with masked ID numbers and room to sign', async () => {
    const ids = [await t.newWorker({ name: '李明' }), await t.newWorker({ name: '王芳' })];
    const job = await t.must(t.clerk, 'voucher:issueBatch', { ...t.terms(), selection: { workerIds: ids } });
    const clerkId = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    const done = (await t.env.jobs.wait(job.id, clerkId)) as { result: { batchId: number } };
    const list = await t.must(t.clerk, 'voucher:signList', { batchId: done.result.batchId });
    const text = pdfText(list.base64);
    expect(text).toContain('签收表');
    expect(text).toContain('李明');
    expect(text).toContain('王芳');
    expect(text).toMatch(/\d{6}\*+\d{3}[\dX]|\*{4}/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect((await t.call(t.clerk, 'voucher:signList', { batchId: 99999 })).ok).toBe(false);
    expect(await t.count("audit_log WHERE action = 'printSignList'")).toBe(1);
  });

  it('resolves a scanned QR, a serial, a 备用码 and an ID number to what they name', async () => {
    const { v, idNumber, workerId } = await redeemed(902, '赵强');
    const voucherId = (await t.db.value('SELECT id FROM voucher WHERE serial = ?', v.serial)) as number;
    const want = { kind: 'voucher', voucherId, serial: v.serial, workerId };
    expect(await t.must(t.clerk, 'scan:resolve', { text: v.qrText })).toEqual(want);
    expect(await t.must(t.clerk, 'scan:resolve', { text: v.serial })).toEqual(want);
    expect(await t.must(t.clerk, 'scan:resolve', { text: v.fallbackCode })).toEqual(want);
    expect(await t.must(t.clerk, 'scan:resolve', { text: idNumber })).toEqual({ kind: 'worker', workerId });
    // A reviewer sees masks only: a whole ID number must not tell them whether it is registered.
    expect(await t.must(t.reviewer, 'scan:resolve', { text: idNumber })).toEqual({ kind: 'none', message: null });
    expect((await t.must(t.clerk, 'scan:resolve', { text: '张三' })).kind).toBe('none');
    expect(await t.count("audit_log WHERE action = 'scanOpen'")).toBe(3);
  });

  it('counts batches per status and what waits for each settlement role', async () => {
    const counts = await t.must(t.reviewer, 'settlement:counts', {});
    expect(counts.byStatus).toEqual({ submitted: 0, returned: 0, approved: 0, paid: 0, cancelled: 0 });
    expect(counts.waiting).toBe(0);
    expect((await t.call(op, 'settlement:counts', {})).ok).toBe(false);
  });
});
