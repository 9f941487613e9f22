// Two anomaly scans that overlap: each reads every table outside the write, then replaces the stored
// flags. Since 复核通过 runs a scan before it asks, a reviewer's scan and the hourly one (or two
// reviewers') meet; the one that started reading earlier used to replace what the later one had
// stored, and a flag only the later reading found was gone until the next scan (a review's finding).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAnomalies, storeAnomalies, type Findings } from '../../electron/services/stats/anomaly.service';
import { lastScanAt } from '../../electron/db/repos/anomalyState';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

const store = (f: Findings) => t.env.db.write((tx) => storeAnomalies(tx, f, t.clock.now().toISOString()));
const stored = async () =>
  (await t.db.all<{ subject: string }>('SELECT subject FROM anomaly ORDER BY subject')).map((r) => r.subject);

describe('anomaly scans that overlap', () => {
  it('keep what the later reading found, whichever writes last', async () => {
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBeNull();
    const flag = {
      kind: 'account_change' as const,
      subject: 'acct/1',
      workerId: null,
      serial: null,
      institutionId: null,
      reason: '账号变更未经第二名管理员确认',
    };
    // Readings started before the write (the write is at the clock's now).
    const ago = (s: number) => new Date(t.clock.now().getTime() - s * 1000).toISOString();
    const early: Findings = { startedAt: ago(10), flags: [], failed: [] };
    const late: Findings = { startedAt: ago(7), flags: [flag], failed: [] };
    expect(await store(late)).toBe(1);
    // The earlier reading arrives second: it does not replace the later one's flags.
    expect(await store(early)).toBe(1);
    expect(await stored()).toEqual(['acct/1']);
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBe(late.startedAt);
    // A reading started later still replaces them (the flag resolved).
    expect(await store({ ...early, startedAt: ago(1) })).toBe(0);
    expect(await stored()).toEqual([]);
  });

  it('record when anomaly:scan started reading; an older reading stored after it changes nothing', async () => {
    await t.must(t.reviewer, 'anomaly:scan', {});
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBe(t.clock.now().toISOString());
    const real = await findAnomalies(t.env.db.reader, '2000-01-01T00:00:00.000Z');
    await store(real);
    expect(await lastScanAt(t.env.db.reader, t.clock.now().toISOString())).toBe(t.clock.now().toISOString());
  });
});
