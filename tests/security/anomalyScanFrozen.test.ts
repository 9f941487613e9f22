// The guard that keeps an earlier reading from replacing a later one's flags compares with the start
// of the last stored scan, kept in the settings table. Someone holding the database file could write
// a time far ahead there (or the clock could be set back after a scan): every later scan would then
// count as the earlier reading and store nothing, and the anomaly list would stay as it was, silently.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastScanAt } from '../../electron/db/repos/anomalyState';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const kinds = async () => (await t.must(t.reviewer, 'anomaly:list', {})).byKind;

describe('the last anomaly scan’s time', () => {
  it('cannot stop later scans from storing when set ahead of the clock', async () => {
    await t.must(t.reviewer, 'anomaly:scan', {});
    await t.db.run("UPDATE setting SET value = '2099-01-01T00:00:00.000Z' WHERE key = 'anomalyLastScan'");
    // Read as no scan at all (an approval now records none rather than a date ahead) ...
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBeNull();
    // An account no second admin confirmed: a flag the next scan finds.
    await t.must(t.adminToken, 'user:create', {
      username: 'clerk9',
      displayName: '新窗口',
      role: 'clerk',
      password: 'Initial1234',
    });
    await t.must(t.reviewer, 'anomaly:scan', {});
    expect((await kinds()).account_change).toBeGreaterThan(0);
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBe(t.clock.now().toISOString());
  });
});
