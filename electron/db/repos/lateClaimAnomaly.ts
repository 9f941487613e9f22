// 迟报: offline records that reach the bureau long after the day they name. An offline install's
// redemption time and attendance dates are the institution's word; within the bureau's checks a
// package may still date a redemption back to before the voucher expired, or claim sessions of days
// long past, or a completion (结业) of a class long over. Institutions exchange files every week or
// month; records older than that when their package is imported are for a reviewer to look at before
// the institution is paid. A certificate's day is not counted: it is the issuing body's, and a
// certificate reaches the institution weeks after it.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';
import type { Flag } from './anomalyFlag';
import { localDate } from '../../../shared/domain/idNumber';
import { addDays } from '../../../shared/domain/dates';

/** Days between a record's own date and its package's import beyond which it was reported late. */
export const LATE_CLAIM_DAYS = 31;

interface LateRow {
  packageId: string;
  serial: string;
  kind: 'redemption' | 'attendance' | 'adjustment' | 'signOut' | 'completion';
  /** A session's day, or a redemption's instant (ISO text; its first ten characters a UTC day). */
  day: string;
  /** The session a record is of (none for a redemption). */
  session: string | null;
  importedAt: string;
  institutionId: number;
  workerId: number | null;
  expiry: string | null;
}

/**
 * Records are compared as text with days reckoned from their package's import (a day the bureau
 * wrote), never cast to dates themselves: a date a package brought in before it was checked
 * (30 February, the year 0000) must not stop the scan on PostgreSQL, which refuses to cast it. The
 * query's window is a day wider than the rule (it counts UTC days); the rule itself counts the
 * county's local days, as the records' own days are (a red-team's finding: an import before 08:00
 * Beijing time let a session 32 days old through). A sign-out is found through its session's number
 * (`<session>:out`, as installs write it and the import requires); its day is its session's.
 *
 * A redemption of a voucher that had lapsed by the import is flagged whatever the delay: dated on
 * or before the expiry day, it is how an expired voucher would be used after all.
 */
export async function lateClaims(db: Queryable): Promise<Flag[]> {
  const rows = await db.all<LateRow>(sql`
    SELECT x.package_id AS "packageId", x.serial, x.kind, x.day, x.session, p.imported_at AS "importedAt",
           p.institution_id AS "institutionId", v.worker_id AS "workerId", v.expiry_date AS expiry
    FROM (
      SELECT cr.package_id, r.serial, 'redemption' AS kind, r.redeemed_at AS day, NULL AS session
      FROM claim_record cr JOIN redemption r ON r.record_uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'redemption'
      UNION ALL
      SELECT cr.package_id, a.serial, 'attendance', a.session_date, a.uid
      FROM claim_record cr JOIN attendance a ON a.uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'attendance'
      UNION ALL
      SELECT cr.package_id, a.serial, 'signOut', a.session_date, a.uid
      FROM claim_record cr JOIN attendance a ON cr.record_uid = a.uid || ':out'
      WHERE cr.outcome = 'applied' AND cr.kind = 'signOut'
      UNION ALL
      SELECT cr.package_id, j.serial, 'adjustment', j.session_date, j.attendance_uid
      FROM claim_record cr JOIN attendance_adjustment j ON j.uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'attendanceAdjustment'
      UNION ALL
      SELECT cr.package_id, c.serial, 'completion', c.assessed_on, NULL
      FROM claim_record cr JOIN completion c ON c.uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'completion'
    ) x
    JOIN claim_package p ON p.package_id = x.package_id
    LEFT JOIN voucher v ON v.serial = x.serial
    WHERE x.day < ${sql.addDays(sql`p.imported_at`, 1 - LATE_CLAIM_DAYS)}
       OR (x.kind = 'redemption' AND v.expiry_date < ${sql.addDays(sql`p.imported_at`, 1)})
    ORDER BY x.package_id, x.serial, x.day`);
  // An install sends a closed session's sign-out beside it: only a sign-out of a session sent before
  // (补报签退) is a record of its own.
  const sent = new Set(rows.filter((r) => r.kind === 'attendance').map((r) => `${r.packageId}/${r.session}`));
  const groups = new Map<string, (LateRow & { own: string; late: boolean; lapsed: boolean })[]>();
  for (const r of rows) {
    if (r.kind === 'signOut' && sent.has(`${r.packageId}/${r.session}`)) continue;
    const imported = localDate(new Date(r.importedAt));
    const own = r.kind === 'redemption' ? localDate(new Date(r.day)) : r.day;
    const late = own < addDays(imported, -LATE_CLAIM_DAYS);
    const lapsed = r.kind === 'redemption' && r.expiry !== null && r.expiry < imported;
    if (!late && !lapsed) continue;
    const k = `${r.packageId}/${r.serial}`;
    groups.set(k, [...(groups.get(k) ?? []), { ...r, own, late, lapsed }]);
  }
  return [...groups].map(([key, g]) => {
    const first = g[0]!;
    const imported = localDate(new Date(first.importedAt));
    const late = g.filter((r) => r.late);
    const count = (kind: LateRow['kind']) => late.filter((r) => r.kind === kind).length;
    const redemption = g.find((r) => r.kind === 'redemption');
    const completion = late.find((r) => r.kind === 'completion');
    const parts = [
      redemption?.late ? `核销（记于 ${redemption.own}）` : '',
      completion ? `结业（考核于 ${completion.own}）` : '',
      count('attendance') ? `考勤 ${count('attendance')} 次` : '',
      count('signOut') ? `补报签退 ${count('signOut')} 次` : '',
      count('adjustment') ? `补签或更正 ${count('adjustment')} 次` : '',
    ].filter(Boolean);
    const lapsed = redemption?.lapsed ? `此券已于 ${first.expiry} 到期，申报的核销日期在到期之前` : '';
    const reason =
      parts.length > 0
        ? `券 ${first.serial} 的离线${parts.join('、')}距申报包导入（${imported}）超过 ${LATE_CLAIM_DAYS} 天，` +
          `最早为 ${late.map((r) => r.own).sort()[0]}${lapsed && `；${lapsed}`}`
        : `券 ${first.serial} 的离线核销记于 ${redemption!.own}，此券 ${first.expiry} 到期，申报包到期后才导入（${imported}）`;
    return {
      kind: 'late_claim' as const,
      subject: `late/${key}`,
      workerId: first.workerId,
      serial: first.serial,
      institutionId: first.institutionId,
      reason,
    };
  });
}
