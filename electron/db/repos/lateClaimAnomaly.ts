// 迟报: offline records that reach the bureau long after the day they name. An offline install's
// redemption time and attendance dates are the institution's word; within the bureau's checks a
// package may still date a redemption back to before the voucher expired, or claim sessions of days
// long past. Institutions exchange files every week or month; records older than that when their
// package is imported are for a reviewer to look at before the institution is paid.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';
import type { Flag } from './anomalyFlag';

/** Days between a record's own date and its package's import beyond which it was reported late. */
export const LATE_CLAIM_DAYS = 31;

interface LateRow {
  packageId: string;
  serial: string;
  kind: 'redemption' | 'attendance' | 'adjustment';
  day: string;
  importedAt: string;
  institutionId: number;
  workerId: number | null;
  expiry: string | null;
}

export async function lateClaims(db: Queryable): Promise<Flag[]> {
  const late = (day: ReturnType<typeof sql>) => sql`${sql.daysBetween(day, sql`p.imported_at`)} > ${LATE_CLAIM_DAYS}`;
  const rows = await db.all<LateRow>(sql`
    SELECT x.package_id AS "packageId", x.serial, x.kind, x.day, p.imported_at AS "importedAt",
           p.institution_id AS "institutionId", v.worker_id AS "workerId", v.expiry_date AS expiry
    FROM (
      SELECT cr.package_id, cr.serial, 'redemption' AS kind, substr(r.redeemed_at, 1, 10) AS day
      FROM claim_record cr JOIN redemption r ON r.record_uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'redemption'
      UNION ALL
      SELECT cr.package_id, cr.serial, 'attendance', a.session_date
      FROM claim_record cr JOIN attendance a ON a.uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'attendance'
      UNION ALL
      SELECT cr.package_id, cr.serial, 'adjustment', j.session_date
      FROM claim_record cr JOIN attendance_adjustment j ON j.uid = cr.record_uid
      WHERE cr.outcome = 'applied' AND cr.kind = 'attendanceAdjustment'
    ) x
    JOIN claim_package p ON p.package_id = x.package_id
    LEFT JOIN voucher v ON v.serial = x.serial
    WHERE ${late(sql`x.day`)}
    ORDER BY x.package_id, x.serial, x.day`);
  const groups = new Map<string, LateRow[]>();
  for (const r of rows) {
    const k = `${r.packageId}/${r.serial}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups].map(([key, g]) => {
    const first = g[0]!;
    const imported = first.importedAt.slice(0, 10);
    const count = (kind: LateRow['kind']) => g.filter((r) => r.kind === kind).length;
    const redemption = g.find((r) => r.kind === 'redemption');
    const parts = [
      redemption ? `核销（记于 ${redemption.day}）` : '',
      count('attendance') ? `考勤 ${count('attendance')} 次` : '',
      count('adjustment') ? `补签或更正 ${count('adjustment')} 次` : '',
    ].filter(Boolean);
    // A redemption dated before an expiry that had passed by the import is how an expired voucher
    // would be used after all.
    const expired =
      redemption && first.expiry && first.expiry < imported
        ? `；此券已于 ${first.expiry} 到期，申报的核销日期在到期之前`
        : '';
    return {
      kind: 'late_claim' as const,
      subject: `late/${key}`,
      workerId: first.workerId,
      serial: first.serial,
      institutionId: first.institutionId,
      reason:
        `券 ${first.serial} 的离线${parts.join('、')}距申报包导入（${imported}）超过 ${LATE_CLAIM_DAYS} 天，` +
        `最早为 ${first.day}${expired}`,
    };
  });
}
