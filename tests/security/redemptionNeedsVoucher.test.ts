// Attack: an institution operator who knows (or guesses) serials reads other institutions'
// vouchers and redeems one by its typed serial. Serials were sequential, so neighbours of one
// known serial were the next vouchers. Now: redemption and an operator's lookup take only the QR
// or the 10-character fallback code printed on the voucher (secrets of the paper), serials are
// drawn at random, and a voucher the institution could not redeem says nothing about its state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSerial, makeSerial } from '../../shared/domain/serial';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let operator: string;
let seq = 60;

beforeAll(async () => {
  t = await makeVoucherEnv();
  operator = await t.loginAs('institutionOperator', 'op1'); // bound to institution 1 (LL-PX-001)
});
afterAll(() => t.close());

async function issue(over = {}) {
  const idNumber = makeId('530523', '19910101', seq++);
  const workerId = await t.newWorker({ idNumber });
  return { v: await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms(over) }), idNumber };
}

describe('redemption needs the voucher and the worker', () => {
  it('refuses a typed serial for redemption and for an operator lookup, with what to use instead', async () => {
    const { v, idNumber } = await issue();
    for (const text of [v.serial, v.serial.replaceAll('-', '')]) {
      for (const channel of ['redeem:check', 'redeem:confirm', 'voucher:verify'] as const) {
        const r = await t.must(operator, channel, { text, idNumber });
        expect(r).toMatchObject({ reason: 'serial_only' });
        expect(JSON.stringify(r)).not.toContain(idNumber.slice(-4));
      }
    }
    expect((await t.must(t.clerk, 'voucher:get', { id: v.id })).status).toBe('issued');
    // The fallback code printed on the voucher works like its QR.
    const r = await t.must(operator, 'redeem:confirm', { text: v.fallbackCode.toLowerCase(), idNumber });
    expect(r).toMatchObject({ ok: true, serial: v.serial });
  });

  it('draws serials at random, so a known serial says nothing about its neighbours', async () => {
    const serials: string[] = [];
    for (let i = 0; i < 6; i++) serials.push((await issue({ occupationCode: '6-31-01-03' })).v.serial);
    const numbers = serials.map((s) => Number(s.split('-')[2]));
    expect(new Set(numbers).size).toBe(6);
    const consecutive = numbers.slice(1).filter((n, i) => Math.abs(n - numbers[i]!) === 1).length;
    expect(consecutive).toBe(0);
    for (const s of serials) expect(checkSerial(s).ok).toBe(true);
    // Staff may look a serial up; a neighbour of a real one is (almost surely) nobody's.
    const [j, y, n] = serials[0]!.split('-') as [string, string, string];
    const neighbour = makeSerial(j, Number(y), Number(n) + 1);
    const found = await t.must(t.clerk, 'voucher:list', { q: neighbour, page: 1, pageSize: 10 });
    expect(found.total).toBe(0);
  });

  it("tells an operator no more than 'not yours' about another institution's voucher", async () => {
    const other = await t.must(t.adminToken, 'catalog:institutionSave', {
      code: 'LL-PX-077',
      name: '另一家培训学校',
      nature: 'private',
      status: 'active',
      townshipCode: '530523101',
      approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
    });
    const { v, idNumber } = await issue({ institutionId: other.id });
    await t.must(t.reviewer, 'voucher:revoke', { id: v.id, reason: '持券人放弃' });
    const seen = await t.must(operator, 'voucher:verify', { text: v.qrText, idNumber });
    expect(seen).toMatchObject({ valid: false, reason: 'other_institution', voucher: { status: null } });
    expect(seen.message).not.toContain('作废');
    // No ID number was checked against a voucher this institution could not redeem.
    expect(await t.db.value('SELECT count(*) FROM holder_check_failure')).toBe(0);
  });

  it('audits who looked at which voucher', async () => {
    const { v } = await issue({ occupationCode: '4-10-01-05', level: 'L4' });
    await t.must(operator, 'voucher:verify', { text: v.qrText });
    const rows = await t.db.all(
      "SELECT username, action FROM audit_log WHERE channel = 'voucher:verify' AND entity_id = ?",
      String(v.id),
    );
    expect(rows).toEqual([{ username: 'op1', action: 'verify' }]);
  });
});
