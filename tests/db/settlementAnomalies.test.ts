// 本批次涉及的异常提示: what the anomaly list holds about a settlement batch, shown on the batch for
// the reviewer who approves it: the flags on its vouchers (a voucher trimmed out of it no longer
// counts), except the other institution's side of a contested redemption; an overlap of classes for
// either voucher's holder; and its institution's conduct as a whole (a spike of redemptions). A
// red-team found the first version missing flags typed at another institution and overlaps stored
// under the other voucher, and putting a copied package number on every batch of the side copied from.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnomalyKind } from '../../shared/contract/schemas/stats';
import { trainVoucher } from '../fixtures/training';
import { secondInstitution } from '../fixtures/registration';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

let subject = 0;
async function flag(kind: AnomalyKind, serial: string | null, institutionId: number | null) {
  await t.db.run(
    "INSERT INTO anomaly (kind, subject, serial, institution_id, reason, detected_at) VALUES (?, ?, ?, ?, ?, '2026-12-01T00:00:00.000Z')",
    kind,
    `s${++subject}`,
    serial,
    institutionId,
    `${kind} ${serial ?? '—'} ${institutionId ?? '—'}`,
  );
}

/** A batch of one trained voucher, flagged 迟报. */
async function flaggedBatch() {
  const op = await t.loginAs('institutionOperator', 'op1');
  const a = (await trainVoucher(t, op))!;
  const batch = await t.must(t.clerk, 'settlement:create', {
    institutionId: t.institutionId,
    voucherIds: [a.voucherId],
  });
  await flag('late_claim', a.serial, t.institutionId);
  return { op, a, batch };
}

/** What the last approval's audit row says. */
async function approvalRecord(): Promise<unknown> {
  const row = await t.db.get<{ after_json: string }>(
    "SELECT after_json FROM audit_log WHERE action = 'approve' AND entity = 'settlement_batch' ORDER BY id DESC LIMIT 1",
  );
  return JSON.parse(row!.after_json);
}

describe('the anomalies of a settlement batch', () => {
  it('are its vouchers’, their holders’ overlaps and its institution’s; not the other side’s or a trimmed voucher’s', async () => {
    const op = await t.loginAs('institutionOperator', 'op1');
    const [a, b, c, d] = [
      await trainVoucher(t, op),
      await trainVoucher(t, op),
      await trainVoucher(t, op),
      await trainVoucher(t, op),
    ];
    const batch = await t.must(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [a!.voucherId, b!.voucherId, d!.voucherId],
    });
    await t.must(t.reviewer, 'settlement:return', { id: batch.id, reason: '第三张券的学时待核' });
    await t.must(t.clerk, 'settlement:resubmit', { id: batch.id, removeVoucherIds: [d!.voucherId] });
    await secondInstitution(t);
    const other = Number(await t.db.value("SELECT id FROM institution WHERE code = 'LL-PX-002'"));
    const own = t.institutionId;

    await flag('late_claim', a!.serial, own); // in
    await flag('contested_redemption', a!.serial, own); // in: the side of the batch's institution
    await flag('contested_redemption', a!.serial, other); // out: the same reason, for the other side
    await flag('holder_guessing', a!.serial, other); // in: typed at another institution, on this voucher
    await flag('far_redemption', b!.serial, null); // in
    await flag('redemption_spike', null, own); // in: the institution's own
    await flag('redemption_spike', null, other); // out
    await flag('copied_claim', null, own); // out: a package number copied, naming no voucher of the batch
    await flag('copied_claim', c!.serial, own); // out: a voucher of another batch
    await flag('copied_claim', a!.serial, other); // out: flagged for another institution
    await flag('certificate_reuse', c!.serial, null); // out: a voucher not in the batch
    await flag('late_claim', d!.serial, own); // out: trimmed from the batch
    // Overlapping classes are stored under the later voucher: the earlier one's batch sees them too.
    await t.db.run(
      "INSERT INTO anomaly (kind, subject, worker_id, serial, institution_id, reason, detected_at) VALUES ('class_overlap', 'o1', ?, 'LATER-1', ?, 'class_overlap', '2026-12-01T00:00:00.000Z')",
      a!.workerId,
      own,
    );

    const list = await t.must(t.reviewer, 'anomaly:list', { settlementId: batch.id, pageSize: 50 });
    expect(list.items.map((x) => x.reason).sort()).toEqual(
      [
        `late_claim ${a!.serial} ${own}`,
        `contested_redemption ${a!.serial} ${own}`,
        `holder_guessing ${a!.serial} ${other}`,
        `far_redemption ${b!.serial} —`,
        `redemption_spike — ${own}`,
        'class_overlap',
      ].sort(),
    );
    expect(list.total).toBe(6);
    expect(list.byKind).toMatchObject({ late_claim: 1, contested_redemption: 1, copied_claim: 0, class_overlap: 1 });
    // A batch with nothing flagged, and one that does not exist, have none.
    const none = await t.must(t.reviewer, 'anomaly:list', { settlementId: batch.id + 1 });
    expect(none.total).toBe(0);
  });

  it('go on record with the approval, which is refused when more are there than the reviewer was shown', async () => {
    const { a, batch } = await flaggedBatch();
    // Shown none (the page was read before the scan flagged it): refused, nothing written.
    const stale = await t.call(t.reviewer, 'settlement:approve', { id: batch.id, anomaliesSeen: 0 });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '本批次的异常提示已有 1 条（复核时显示 0 条），请重新查看后再复核' },
    });
    expect(await t.db.value('SELECT status FROM settlement_batch WHERE id = ?', batch.id)).toBe('submitted');
    await flag('far_redemption', a.serial, null);
    // A rule failing at the last scan (its flags are older than the others): said in the record.
    await t.db.run(
      `INSERT INTO setting (key, value) VALUES ('anomalyRuleFailures', '{"late_claim":{"since":"2026-12-01T00:00:00.000Z"}}')`,
    );
    // Another client that asks nothing (the CLI): approved, and the count is on record all the same.
    const ok = await t.must(t.reviewer, 'settlement:approve', { id: batch.id });
    expect(ok.status).toBe('approved');
    expect(ok.events.at(-1)).toMatchObject({ action: 'approve', note: '本批次涉及 2 条异常提示' });
    expect(await approvalRecord()).toMatchObject({
      status: 'approved',
      anomalies: 2,
      anomalyKinds: { late_claim: 1, far_redemption: 1 },
      anomaliesAsOf: null, // the rules never ran here: the record says so
      anomaliesChecked: 'none', // nor did this client ask anything
      anomalyRulesFailing: ['late_claim'],
    });
  });

  it('refuse an approval when the flags shown are no longer the batch’s, even as many of them', async () => {
    const { a, batch } = await flaggedBatch();
    const shown = await t.must(t.reviewer, 'anomaly:list', { settlementId: batch.id, pageSize: 1 });
    expect(shown.digest).toMatch(/^[0-9a-f]{32}$/);
    // A flag whose words changed (a guessing flag's count grows in its reason) is not what was shown.
    await t.db.run("UPDATE anomaly SET reason = '迟报（重新检查）' WHERE kind = 'late_claim'");
    const reworded = await t.must(t.reviewer, 'anomaly:list', { settlementId: batch.id });
    expect(reworded.digest).not.toBe(shown.digest);
    expect(
      await t.call(t.reviewer, 'settlement:approve', { id: batch.id, anomaliesDigest: shown.digest! }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // One flag gone and another come between the question and the click: one flag all the same.
    await t.db.run("DELETE FROM anomaly WHERE kind = 'late_claim'");
    await flag('far_redemption', a.serial, null);
    const swapped = await t.call(t.reviewer, 'settlement:approve', {
      id: batch.id,
      anomaliesSeen: shown.total,
      anomaliesDigest: shown.digest!,
    });
    expect(swapped).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '本批次的异常提示在复核时显示之后有变化（现有 1 条），请重新查看后再复核' },
    });
    expect(await t.db.value('SELECT status FROM settlement_batch WHERE id = ?', batch.id)).toBe('submitted');
    const now = await t.must(t.reviewer, 'anomaly:list', { settlementId: batch.id });
    expect(now.digest).not.toBe(shown.digest);
    const ok = await t.must(t.reviewer, 'settlement:approve', {
      id: batch.id,
      anomaliesSeen: now.total,
      anomaliesDigest: now.digest!,
    });
    expect(ok.status).toBe('approved');
    expect(await approvalRecord()).toMatchObject({
      anomalies: 1,
      anomaliesDigest: now.digest,
      anomaliesChecked: 'digest',
    });
    const bad = await t.call(t.reviewer, 'settlement:approve', { id: batch.id, anomaliesDigest: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(bad)).toContain('异常提示摘要格式无效');
    // Lists not about a batch carry no digest.
    expect((await t.must(t.reviewer, 'anomaly:list', {})).digest).toBeUndefined();
  });

  it('do not stop a batch approved with as many as the reviewer was shown', async () => {
    const { op, batch } = await flaggedBatch();
    const ok = await t.must(t.reviewer, 'settlement:approve', { id: batch.id, anomaliesSeen: 1 });
    expect(ok.status).toBe('approved');
    const clean = await t.must(t.clerk, 'settlement:create', {
      institutionId: t.institutionId,
      voucherIds: [(await trainVoucher(t, op))!.voucherId],
    });
    await t.later(1);
    await t.must(t.reviewer, 'anomaly:scan', {});
    const scannedAt = t.clock.now().toISOString();
    const plain = await t.must(t.reviewer, 'settlement:approve', { id: clean.id, anomaliesSeen: 0 });
    expect(plain.events.at(-1)).toMatchObject({ action: 'approve', note: null });
    expect(await approvalRecord()).toMatchObject({ anomalies: 0, anomaliesAsOf: scannedAt, anomaliesChecked: 'count' });
  });
});
