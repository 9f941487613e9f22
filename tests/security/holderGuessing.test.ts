// Attack: an operator holding a voucher (a found or stolen one) types ID numbers until the holder
// check says yes, through 核销 or through 验券, which used to answer without limit or record. Now
// every wrong number is recorded (its keyed fingerprint only) and audited, five within a day hold
// the voucher for the bureau, the anomaly list names it, and only a reviewer releases it. Wrong
// numbers typed at an offline institution travel in its claim package and count the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let operator: string;
let seq = 300;

beforeAll(async () => {
  t = await makeVoucherEnv();
  operator = await t.loginAs('institutionOperator', 'op1');
});
afterAll(() => t.close());

async function issue() {
  const idNumber = makeId('530523', '19920304', seq++);
  const workerId = await t.newWorker({ idNumber });
  return { v: await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() }), idNumber };
}

const guess = (i: number) => makeId('530523', `1992${String(1 + (i % 12)).padStart(2, '0')}15`, 100 + i);

describe('guessing the holder', () => {
  it('holds the voucher after five wrong ID numbers in a day, whichever channel they came through', async () => {
    const { v, idNumber } = await issue();
    const channels = ['redeem:confirm', 'voucher:verify', 'redeem:check', 'redeem:confirm'] as const;
    for (const [i, channel] of channels.entries()) {
      const r = await t.must(operator, channel, { text: v.qrText, idNumber: guess(i) });
      expect(r).toMatchObject({ reason: 'holder_mismatch' });
      expect(JSON.stringify(r)).toContain(`已输错 ${i + 1} 次`);
    }
    const fifth = await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber: guess(9) });
    expect(fifth).toMatchObject({ ok: false, reason: 'holder_mismatch' });
    expect(fifth.message).toContain('已暂扣');
    // Held: even the right number is refused now, and nothing more is learnt by trying.
    for (const id of [idNumber, guess(10)]) {
      const r = await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber: id });
      expect(r).toMatchObject({ ok: false, reason: 'held' });
    }
    const staffView = await t.must(t.reviewer, 'voucher:get', { id: v.id });
    expect(staffView.hold).toMatchObject({ failures: 5 });
    expect(staffView.status).toBe('issued');

    // Every wrong number is in the audit log as a keyed fingerprint, never the number itself.
    const audit = (await t.db.column(
      "SELECT after_json FROM audit_log WHERE action = 'holderMismatch' ORDER BY id",
    )) as string[];
    expect(audit).toHaveLength(5);
    for (const [i, json] of audit.entries()) {
      expect(json).not.toContain(guess(i).slice(6, 14));
      expect(JSON.parse(json)).toMatchObject({
        serial: v.serial,
        idFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    }
    expect(JSON.parse(audit[0]!).idFingerprint).toBe(t.env.secrets.fingerprint(guess(0)));

    // The reviewer sees it on the anomaly list and releases the hold after checking the holder.
    await t.must(t.reviewer, 'anomaly:scan', {});
    const flags = await t.must(t.reviewer, 'anomaly:list', { kind: 'holder_guessing', page: 1, pageSize: 10 });
    expect(flags.items.map((f) => f.serial)).toContain(v.serial);
    expect(flags.items.find((f) => f.serial === v.serial)!.reason).toMatch(/输错 5 次.*暂扣/);
    const clerkTry = await t.call(t.clerk, 'voucher:release', { serial: v.serial, reason: '本人到场' });
    expect(clerkTry.ok ? null : clerkTry.error.code).toBe('FORBIDDEN');
    await t.must(t.reviewer, 'voucher:release', { serial: v.serial, reason: '持券人本人持身份证到窗口核对无误' });
    expect((await t.must(t.reviewer, 'voucher:get', { id: v.id })).hold).toBeNull();
    expect(await t.must(operator, 'redeem:confirm', { text: v.qrText, idNumber })).toMatchObject({ ok: true });
  });

  it('does not count a mistyped number that is not an ID number at all', async () => {
    const { v } = await issue();
    const typo = guess(1).slice(0, 17) + (guess(1)[17] === '0' ? '1' : '0');
    const r = await t.must(operator, 'redeem:check', { text: v.qrText, idNumber: typo });
    expect(r).toMatchObject({ valid: false, reason: 'holder_mismatch' });
    expect(r.message).toContain('未计入输错次数');
    expect(await t.db.value('SELECT count(*) FROM holder_check_failure WHERE serial = ?', v.serial)).toBe(0);
  });

  it('counts a day at a time: four wrong numbers a day never hold a voucher, but stay on record', async () => {
    const { v } = await issue();
    for (let day = 0; day < 2; day++) {
      for (let i = 0; i < 4; i++) await t.must(operator, 'redeem:check', { text: v.qrText, idNumber: guess(20 + i) });
      await t.later(1.1);
      await t.must(operator, 'auth:unlock', { password: PASSWORD });
    }
    expect((await t.must(t.reviewer, 'voucher:get', { id: v.id })).hold).toBeNull();
    expect(await t.db.value('SELECT count(*) FROM holder_check_failure WHERE serial = ?', v.serial)).toBe(8);
  });
});
