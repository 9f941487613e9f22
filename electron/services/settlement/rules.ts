import type { SettlementRule } from '../../../shared/contract/schemas/settlement';
import type { Settings } from '../../../shared/contract/schemas/settings';

/**
 * What the institution is paid for one voucher: the face value at or above the full-payment
 * attendance; below it, the configured share of the face value, or nothing when no share is set.
 * A voucher without attendance records (finished before the system) is paid in full.
 */
export function settleAmount(
  faceFen: number,
  attendancePct: number | null,
  s: Pick<Settings, 'settleFullAttendancePct' | 'settlePartialRatePct'>,
): { amountFen: number; rule: SettlementRule; payable: boolean; reason: string | null } {
  if (attendancePct === null || attendancePct >= s.settleFullAttendancePct)
    return { amountFen: faceFen, rule: 'full', payable: true, reason: null };
  if (s.settlePartialRatePct > 0) {
    const amountFen = Math.round((faceFen * s.settlePartialRatePct) / 100);
    return { amountFen, rule: 'partial', payable: amountFen > 0, reason: null };
  }
  return {
    amountFen: 0,
    rule: 'full',
    payable: false,
    reason: `出勤率 ${attendancePct}% 低于全额拨付要求的 ${s.settleFullAttendancePct}%，且未设置按比例拨付`,
  };
}
