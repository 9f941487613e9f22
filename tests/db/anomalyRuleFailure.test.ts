// A rule that fails does not stop the others (a red-team's finding: one date PostgreSQL could not
// cast, brought by a claim package, failed the whole scan, so no rule flagged anything). The failed
// rule's flags of before are kept, and the person who asked is told which rule failed.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { installKey, registrationFile } from '../fixtures/registration';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

/** A change of schema, made as the database's owner (the app's role on PostgreSQL may not). */
async function asOwner(statement: string) {
  if (t.engine !== 'pg') return void (await t.db.run(statement));
  const c = new pg.Client({ connectionString: t.ownerFile });
  await c.connect();
  await c.query(statement);
  await c.end();
}

/** How many flags of each kind are listed. */
const kinds = async () => (await t.must(t.reviewer, 'anomaly:list', {})).byKind;

describe('the anomaly scan with a rule that fails', () => {
  it('runs the other rules, keeps the failed ones’ flags and names them', async () => {
    // A late offline redemption (迟报) ...
    const key = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    await t.later(40);
    const c = randomUUID();
    await t.must(t.reviewer, 'claims:import', {
      text: claimPackage(key, [
        redemptionRecord(v, '2026-11-30T02:00:00.000Z'),
        classRecord(c),
        { kind: 'member', uid: randomUUID(), classUid: c, serial: v.serial },
      ]),
    });
    expect(await t.must(t.reviewer, 'anomaly:scan', {})).toMatchObject({ failed: [] });
    const before = await kinds();
    expect(before.late_claim).toBe(1);

    // ... then the four rules that read claim_record cannot (as if a stored value broke them), while
    // an account created meanwhile is for another rule to flag.
    await t.must(t.adminToken, 'user:create', {
      username: 'clerk9',
      displayName: '新窗口',
      role: 'clerk',
      password: 'Initial1234',
    });
    await asOwner('ALTER TABLE claim_record RENAME TO claim_record_away');
    const scan = await t.must(t.reviewer, 'anomaly:scan', {});
    expect(scan.failed).toEqual([
      '证书编号重复使用',
      '离线记录迟报（距导入超过一个月）',
      '两家机构的申报使用相同编号',
      '同一张券被两家机构申报核销',
    ]);
    expect(await kinds()).toEqual({ ...before, account_change: (before.account_change ?? 0) + 1 });
    // The list says which rules fail, since the first scan they failed in (their flags are old).
    const since = t.clock.now().toISOString();
    const failing = async () => (await t.must(t.reviewer, 'anomaly:list', {})).failing;
    expect(await failing()).toEqual([
      { kind: 'certificate_reuse', since },
      { kind: 'late_claim', since },
      { kind: 'copied_claim', since },
      { kind: 'contested_redemption', since },
    ]);
    t.clock.advance(60_000);
    await t.must(t.reviewer, 'anomaly:scan', {});
    expect((await failing()).map((f) => f.since)).toEqual([since, since, since, since]);

    await asOwner('ALTER TABLE claim_record_away RENAME TO claim_record');
    expect(await t.must(t.reviewer, 'anomaly:scan', {})).toMatchObject({ failed: [] });
    expect(await kinds()).toEqual({ ...before, account_change: (before.account_change ?? 0) + 1 });
    expect(await failing()).toEqual([]);
  });
});
