import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { runCli } from '../fixtures/cli';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let operator: string;
beforeEach(async () => {
  t = await makeVoucherEnv();
  operator = await t.loginAs('institutionOperator', 'op1'); // bound to institution 1 of the fixture
});
afterEach(() => t.close());

/**
 * The CLI runs on the machine's clock, the test on its own (late November 2026): a voucher the CLI
 * is to redeem is issued on the machine's day, or it would have lapsed once the suite ran 90 days on.
 */
async function onMachineTime() {
  const days = Math.floor((Date.now() - t.clock.now().getTime()) / 86_400_000);
  if (days > 0) await t.later(days);
}

async function issue(over = {}, idNumber = makeId('530523', '19900101', Math.floor(Math.random() * 900) + 50)) {
  const workerId = await t.newWorker({ idNumber });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms(over) });
  return { v, idNumber };
}

describe('redemption', () => {
  it('redeems once after the holder is confirmed; a second scan says who redeemed it and when', async () => {
    const { v, idNumber } = await issue();
    const noId = await t.must(operator, 'redeem:confirm', { text: v.qrText });
    expect(noId).toMatchObject({ ok: false, reason: 'holder_required' });
    const wrong = await t.must(operator, 'redeem:confirm', {
      text: v.qrText,
      idNumber: makeId('530523', '19900101', 1),
    });
    expect(wrong).toMatchObject({ ok: false, reason: 'holder_mismatch' });
    const ok = await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber });
    expect(ok).toMatchObject({ ok: true, serial: v.serial, institutionName: '龙陵县职业技能培训学校' });
    expect((await t.must(t.clerk, 'voucher:get', { id: v.id })).status).toBe('redeemed');
    const again = await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber });
    expect(again).toMatchObject({ ok: false, reason: 'already_used' });
    expect(again.message).toMatch(/由 龙陵县职业技能培训学校 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 核销/);
  });

  it('refuses a voucher designated to another institution, or an occupation the institution is not approved for', async () => {
    const other = await t.must(t.adminToken, 'catalog:institutionSave', {
      code: 'LL-PX-009',
      name: '另一家培训学校',
      nature: 'private',
      status: 'active',
      approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
    });
    const { v, idNumber } = await issue({ institutionId: other.id });
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({
      ok: false,
      reason: 'other_institution',
      message: '此券为定向券，指定在“另一家培训学校”使用',
    });
    const welder = await issue({ occupationCode: '6-18-02-04' });
    expect((await t.must(operator, 'redeem:check', { text: welder.v.qrText })).reason).toBe('not_approved');
  });

  it('refuses expired and revoked vouchers, and holders who no longer meet the rules', async () => {
    const { v, idNumber } = await issue();
    await t.must(t.reviewer, 'voucher:revoke', { id: v.id, reason: '录入错误' });
    expect((await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).reason).toBe('revoked');
    const old = makeId('530523', '19651201', 401); // a man of 60 who turns 61 during the voucher's validity
    const late = await issue({}, old);
    await t.later(10);
    await t.must(operator, 'auth:unlock', { password: PASSWORD });
    const r = await t.must(operator, 'redeem:confirm', { text: late.v.qrText, idNumber: old });
    expect(r).toMatchObject({ ok: false, reason: 'rules' });
    expect(r.message).toContain('【年龄条件】');
    await t.later(100);
    await t.must(operator, 'auth:unlock', { password: PASSWORD });
    const fresh = await issue({ occupationCode: '6-31-01-03' });
    expect((await t.must(operator, 'redeem:check', { text: late.v.qrText })).reason).toBe('expired');
    expect((await t.must(operator, 'redeem:check', { text: fresh.v.qrText })).valid).toBe(true);
  });

  it('keeps operators to their own institution and clerks out', async () => {
    const { v, idNumber } = await issue();
    const foreign = await t.call(operator, 'redeem:confirm', {
      text: v.qrText,
      idNumber,
      institutionCode: 'LL-PX-009',
    });
    expect(foreign.ok ? null : foreign.error.message).toBe('只能以本机构名义核销');
    const clerk = await t.call(t.clerk, 'redeem:confirm', { text: v.qrText, idNumber });
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
  });

  it('gives exactly one success to two processes redeeming the same voucher at once', async () => {
    await onMachineTime();
    const { v, idNumber } = await issue();
    if (t.engine === 'sqlite') t.raw().pragma('wal_checkpoint(TRUNCATE)');
    const attempt = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'electron/cli/main.ts',
            'vouchers',
            'redeem',
            '--db',
            t.file,
            '--text',
            v.qrText,
            '--id',
            idNumber,
            '--institution',
            'LL-PX-001',
            '--json',
          ],
          {
            env: { ...process.env, LONGLING_KEY_PASSPHRASE: KEY_PASSPHRASE },
          },
        );
        let out = '';
        p.stdout.on('data', (c) => (out += c));
        p.on('close', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([attempt(), attempt(), attempt()]);
    const parsed = results.map((r) => JSON.parse(r.out.trim().split('\n').pop()!));
    expect(parsed.filter((p) => p.ok)).toHaveLength(1);
    expect(parsed.filter((p) => !p.ok).map((p) => p.reason)).toEqual(['already_used', 'already_used']);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1, 1]);
    expect(await t.db.value('SELECT count(*) FROM redemption WHERE serial = ?', v.serial)).toBe(1);
  });

  it('CLI prints {ok, reason, serial} and exits 1 on refusal', async () => {
    await onMachineTime();
    const { v } = await issue();
    const r = runCli([
      'vouchers',
      'redeem',
      '--db',
      t.file,
      '--text',
      v.qrText,
      '--id',
      makeId('530523', '19900101', 2),
      '--institution',
      'LL-PX-001',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, reason: 'holder_mismatch', serial: v.serial });
  });
});
