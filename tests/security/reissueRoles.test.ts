// Attack reproduced: "voucher:reissue lets a reviewer issue and a clerk revoke". 补发 revokes the
// old voucher and issues a new one in one call, and was open to every staff role, so a clerk (who
// may not revoke) revoked through it and a reviewer (who may not issue) issued through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../shared/contract/channels';
import { ROLES } from '../../shared/contract/roles';
import { canReissueVouchers } from '../../renderer/src/features/vouchers/access';
import { reissueSteps } from '../../renderer/src/features/vouchers/reissueSteps';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeAll(async () => {
  t = await makeVoucherEnv();
});
afterAll(() => t.close());

const access = (name: 'voucher:issue' | 'voucher:revoke' | 'voucher:reissue') =>
  channels[name].access as readonly string[];

describe('reissue only for a role that may both issue and revoke', () => {
  it('is, in the contract, exactly the roles of both voucher:issue and voucher:revoke', () => {
    for (const role of ROLES) {
      const both = access('voucher:issue').includes(role) && access('voucher:revoke').includes(role);
      expect([role, access('voucher:reissue').includes(role)]).toEqual([role, both]);
      expect([role, canReissueVouchers(role)]).toEqual([role, both]);
    }
  });

  it('refuses a clerk (who may not revoke) and a reviewer (who may not issue); the two steps still work', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    for (const token of [t.clerk, t.reviewer]) {
      const r = await t.call(token, 'voucher:reissue', { id: v.id, reason: '纸质券遗失' });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await t.must(t.clerk, 'voucher:get', { id: v.id })).status).toBe('issued');

    // Reviewer revokes, clerk issues a new one.
    await t.must(t.reviewer, 'voucher:revoke', { id: v.id, reason: '补发：纸质券遗失' });
    const n = await t.must(t.clerk, 'voucher:issue', { workerId: v.workerId, ...t.terms() });
    expect(n.serial).not.toBe(v.serial);
    expect(reissueSteps('clerk')).toContain('先由复核人作废原券');
    expect(reissueSteps('reviewer')).toContain('再由窗口经办人在劳动者档案中为其重新发券');
  });

  it('lets a role with both do it in one step, old voucher revoked and linked', async () => {
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const n = await t.must(t.adminToken, 'voucher:reissue', { id: v.id, reason: '污损' });
    expect(n.replacesSerial).toBe(v.serial);
  });
});
