// Attack reproduced: the IT administrator (系统管理员) could prepare, approve, return, pay and
// recover settlement batches and release held vouchers — with the power to create accounts, the
// two people of the two-person rule in one. Policy: an admin administers (accounts, settings, keys,
// catalogue, backups, audit) and takes no step in paying anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../shared/contract/channels';
import { ROLES } from '../../shared/contract/roles';
import { canReleaseHolds } from '../../renderer/src/features/vouchers/access';
import { canPay, canPrepare, canReview, PREPARER_ROLES } from '../../renderer/src/features/settlement/access';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

/** What moves money or lets a voucher be paid for, and who does it instead of the admin. */
const MONEY: Record<string, readonly string[]> = {
  'settlement:create': ['clerk'],
  'settlement:resubmit': ['clerk'],
  'settlement:cancel': ['clerk'],
  'settlement:approve': ['reviewer'],
  'settlement:return': ['reviewer'],
  'settlement:recover': ['reviewer'],
  'settlement:pay': ['clerk', 'reviewer'],
  'voucher:release': ['reviewer'],
};

/** What stays with the admin. */
const ADMINISTRATION: ChannelName[] = [
  'user:create',
  'user:update',
  'user:setDisabled',
  'user:resetPassword',
  'user:confirm',
  'settings:update',
  'keys:create',
  'keys:rotate',
  'trust:export',
  'catalog:planSave',
  'catalog:institutionSave',
  'catalog:levelHoursSave',
  'backup:run',
  'audit:list',
  'audit:verify',
];

let t: VoucherEnv;
beforeAll(async () => {
  t = await makeVoucherEnv();
});
afterAll(() => t.close());

describe('what an admin may not do', () => {
  it('the contract gives no money action to the admin, and each to its own role', () => {
    for (const [name, roles] of Object.entries(MONEY)) {
      expect([name, channels[name as ChannelName].access]).toEqual([name, roles]);
    }
    for (const name of ADMINISTRATION) expect([name, channels[name].access]).toEqual([name, ['admin']]);
  });

  it('refuses every money action to an admin through the dispatcher, naming the role', async () => {
    for (const name of Object.keys(MONEY) as ChannelName[]) {
      const r = await t.call(t.adminToken, name, { id: 1 } as never);
      expect([name, r]).toEqual([
        name,
        { ok: false, error: { code: 'FORBIDDEN', message: '当前角色（系统管理员）无权执行此操作' } },
      ]);
    }
  });

  it('keeps the administration with the admin', async () => {
    for (const name of ['user:list', 'user:changes', 'settings:get', 'backup:list', 'catalog:levelHours'] as const)
      expect([name, (await t.call(t.adminToken, name, {} as never)).ok]).toEqual([name, true]);
    expect((await t.call(t.adminToken, 'audit:verify', {})).ok).toBe(true);
  });

  it('shows the admin no button for them in the app (the same lists as the contract)', () => {
    for (const role of ROLES) {
      expect([role, canPrepare(role)]).toEqual([role, channels['settlement:create'].access.includes(role as never)]);
      expect([role, canReview(role)]).toEqual([role, channels['settlement:approve'].access.includes(role as never)]);
      expect([role, canPay(role)]).toEqual([role, channels['settlement:pay'].access.includes(role as never)]);
      expect([role, canReleaseHolds(role)]).toEqual([role, channels['voucher:release'].access.includes(role as never)]);
    }
    expect(PREPARER_ROLES).toEqual(['clerk']);
  });
});
