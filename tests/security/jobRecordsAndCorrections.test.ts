// Two findings of a review of the in-transaction session check and the claim checks:
// 1. A backup writes its copy and witness first and records it (lastBackupAt, the audit row naming who
//    made it) last. With every job transaction re-checking its session, an admin logging out while it
//    ran left the copy of the whole database on disk with no audit row saying who made it. The record
//    of what is already on disk is now made whoever's session has ended (`write(fn, { record: true })`).
// 2. A package's correction was checked against the serial, class and date it named, not those of the
//    session it changes: naming another trainee of the class, it changed the session of a trainee whose
//    completion was on record. They must now be the session's own.
process.env.TZ = 'Asia/Shanghai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { claimPackage, classRecord, redemptionRecord } from '../fixtures/claimPackage';
import { installKey, registrationFile, type InstallKey } from '../fixtures/registration';
import { jobCtx } from '../../electron/core/callContext';
import { dispatch } from '../../electron/core/dispatcher';
import { makeBackup } from '../../electron/services/backup/backup.service';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe("a job's last write after its user logged out", () => {
  it.skipIf(process.env.LONGLING_TEST_ENGINE === 'pg')(
    'a backup made is still recorded with who made it (or not made at all)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rt3-backup-'));
      const session = (await t.env.sessions.peek(t.adminToken))!;
      const ctx = jobCtx(t.env, { session, channel: 'backup:run', client: { address: null, kind: 'desktop' } });
      // The admin logs out while the copy is being made: after the witness, before the record.
      let writes = 0;
      const write = ctx.write;
      ctx.write = async (fn, opts) => {
        const out = await write(fn, opts);
        if (++writes === 1) expect((await dispatch(t.env, t.adminToken, 'auth:logout', {})).ok).toBe(true);
        return out;
      };
      const made = await makeBackup(ctx, dir, 'admin').then(
        () => 'recorded',
        (e: Error) => e.message,
      );
      const files = readdirSync(dir).filter((f) => !f.endsWith('.witness.json'));
      const audited = Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'backup'"));
      expect({ made, copies: files.length, audited }).toEqual(
        files.length === 0 ? { made, copies: 0, audited: 0 } : { made: 'recorded', copies: 1, audited: 1 },
      );
    },
  );
});

describe("a claim package's correction", () => {
  let key: InstallKey;
  const pkg = (records: unknown[]) => claimPackage(key, records);

  it("does not change a completed trainee's session by naming another trainee", async () => {
    key = installKey();
    await t.must(t.adminToken, 'institution:bind', { text: registrationFile('LL-PX-001', key) });
    const a = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const b = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const classUid = randomUUID();
    const sessionUid = randomUUID();
    const now = t.clock.now().toISOString(); // 2026-11-29 10:00 in Beijing
    const redemption = (v: typeof a) => redemptionRecord(v, t.clock.now().toISOString());
    const first = await t.must(t.reviewer, 'claims:import', {
      text: pkg([
        redemption(a),
        redemption(b),
        classRecord(classUid),
        { kind: 'member', uid: randomUUID(), classUid, serial: a.serial },
        { kind: 'member', uid: randomUUID(), classUid, serial: b.serial },
        {
          kind: 'attendance',
          uid: sessionUid,
          classUid,
          serial: a.serial,
          sessionDate: '2026-11-29',
          signIn: '2026-11-29T00:30:00.000Z',
          signOut: '2026-11-29T01:30:00.000Z',
          minutes: 60,
        },
        {
          kind: 'completion',
          uid: randomUUID(),
          serial: a.serial,
          result: 'failed',
          assessedOn: '2026-11-29',
          attendancePct: 2,
        },
      ]),
    });
    expect(first.conflicts).toBe(0);
    const correction = (serial: string) => ({
      kind: 'attendanceAdjustment',
      uid: randomUUID(),
      type: 'correction',
      attendanceUid: sessionUid,
      classUid,
      serial,
      sessionDate: '2026-11-29',
      before: { signIn: '2026-11-29T00:30:00.000Z', signOut: '2026-11-29T01:30:00.000Z', minutes: 60, voided: false },
      after: { signIn: '2026-11-28T16:00:00.000Z', signOut: now, minutes: 600, voided: false },
      reason: '更正签到时间',
      recordedAt: now,
      recordedBy: '机构操作员',
    });
    const own = await t.must(t.reviewer, 'claims:import', { text: pkg([correction(a.serial)]) });
    expect(own.records[0]).toMatchObject({ outcome: 'conflict', reason: '已有结业记录，考勤不再更改' });
    const other = await t.must(t.reviewer, 'claims:import', { text: pkg([correction(b.serial)]) });
    const minutes = Number(
      await t.db.value('SELECT minutes FROM attendance WHERE uid = ?', `${t.institutionId}:${sessionUid}`),
    );
    // It was applied, and trainee A's session (completion on record) then counted 600 minutes.
    expect({ outcome: other.records[0]!.outcome, minutes }).toEqual({ outcome: 'conflict', minutes: 60 });
  });
});
