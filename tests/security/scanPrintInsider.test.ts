// A township clerk (station1, bound to 镇安镇) with a 龙山镇 worker's serial, 备用码, QR, ID number or
// the batch both were issued in: the search box's scan:resolve and the batch's 签收表 must read as
// if the other township's worker and voucher did not exist, as every other channel does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/domain/mask';
import { LONGSHAN, makeTownshipEnv, type TownshipEnv } from '../fixtures/township';

let t: TownshipEnv;
beforeEach(async () => {
  t = await makeTownshipEnv();
});
afterEach(() => t.close());

function pdfText(base64: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'longling-pdf-')), 'a.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('a township clerk and the search box', () => {
  it('resolves nothing of another township: serial, 备用码, QR or ID number', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: t.other.id, ...t.terms() });
    for (const text of [v.serial, v.fallbackCode, v.qrText, t.other.idNumber]) {
      const r = await t.must(t.station, 'scan:resolve', { text });
      expect(r.kind, text).toBe('none');
      expect(JSON.stringify(r)).not.toContain(String(t.other.id));
    }
    // Their own township's still opens.
    const mine = await t.must(t.clerk, 'voucher:issue', { workerId: t.own.id, ...t.terms() });
    expect((await t.must(t.station, 'scan:resolve', { text: mine.serial })).kind).toBe('voucher');
    expect(await t.must(t.station, 'scan:resolve', { text: t.own.idNumber })).toEqual({
      kind: 'worker',
      workerId: t.own.id,
    });
  });
});

describe('a township clerk and a batch’s 签收表', () => {
  it('lists only their townships’ recipients of a county-wide batch', async () => {
    const job = await t.must(t.clerk, 'voucher:issueBatch', {
      ...t.terms(),
      selection: { workerIds: [t.other.id, t.own.id] },
    });
    const clerkId = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    const done = (await t.env.jobs.wait(job.id, clerkId)) as { result: { batchId: number } };
    const r = await t.call(t.station, 'voucher:signList', { batchId: done.result.batchId });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const text = pdfText(r.value.base64);
      expect(text).toContain(t.own.name);
      expect(text).not.toContain(t.other.name);
      expect(text).not.toContain(maskIdNumber(t.other.idNumber));
    }
    // A batch of only another township's workers reads as missing.
    const third = await t.newWorker({ name: '龙山丙', townshipCode: LONGSHAN });
    const job2 = await t.must(t.clerk, 'voucher:issueBatch', {
      ...t.terms(),
      selection: { workerIds: [third] },
    });
    const done2 = (await t.env.jobs.wait(job2.id, clerkId)) as { result: { batchId: number } };
    const r2 = await t.call(t.station, 'voucher:signList', { batchId: done2.result.batchId });
    expect(r2.ok).toBe(false);
  });
});
