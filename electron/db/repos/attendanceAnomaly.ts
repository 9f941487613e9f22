// 补签 and 更正 on the anomaly list. One missed session made good with a reason is ordinary; hours
// added afterwards again and again, or a large share of a trainee's attendance written in after the
// fact, is what a reviewer should look at before the institution is paid for it.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';
import type { Flag } from './anomalyFlag';

/** Adjustments that add time (a makeup, or a correction to more minutes) before a trainee is flagged. */
export const MAKEUP_COUNT = 2;
/** Or the share of attended minutes that adjustments added, in percent. */
export const MAKEUP_SHARE = 25;

const hours = (m: number) => (m / 60).toFixed(1).replace(/\.0$/, '');

export async function attendanceMakeups(db: Queryable): Promise<Flag[]> {
  const rows = await db.all<{
    serial: string;
    classUid: string;
    className: string;
    added: number;
    times: number;
    makeups: number;
    attended: number;
    reasons: string;
    workerId: number | null;
    institutionId: number | null;
  }>(sql`WITH adds AS (
      SELECT j.serial, j.class_uid, j.kind, j.reason,
             j.minutes - CASE WHEN j.kind = 'makeup' OR j.before_voided = 1 THEN 0 ELSE j.before_minutes END AS added
      FROM attendance_adjustment j WHERE j.voided = 0)
    SELECT a.serial, a.class_uid AS "classUid", c.name AS "className", sum(a.added) AS added, count(*) AS times,
           sum(CASE WHEN a.kind = 'makeup' THEN 1 ELSE 0 END) AS makeups,
           (SELECT coalesce(sum(x.minutes), 0) FROM attendance x WHERE x.class_uid = a.class_uid AND x.serial = a.serial) AS attended,
           ${sql.groupConcat(sql`a.reason`, '；')} AS reasons, v.worker_id AS "workerId", i.id AS "institutionId"
    FROM adds a JOIN training_class c ON c.uid = a.class_uid
    LEFT JOIN voucher v ON v.serial = a.serial LEFT JOIN institution i ON i.code = c.institution_code
    WHERE a.added > 0
    GROUP BY a.serial, a.class_uid, c.name, v.worker_id, i.id`);
  return rows
    .map((r) => ({ ...r, added: Number(r.added), times: Number(r.times), attended: Number(r.attended) }))
    .filter((r) => r.times >= MAKEUP_COUNT || (r.attended > 0 && (r.added * 100) / r.attended > MAKEUP_SHARE))
    .map((r) => ({
      kind: 'attendance_makeup',
      subject: `${r.serial}/${r.classUid}`,
      workerId: r.workerId,
      serial: r.serial,
      institutionId: r.institutionId,
      reason:
        `券 ${r.serial} 在培训班“${r.className}”补签 ${Number(r.makeups)} 次、更正增加学时 ${r.times - Number(r.makeups)} 次，` +
        `共补记 ${hours(r.added)} 小时，占出勤 ${hours(r.attended)} 小时的 ${r.attended > 0 ? Math.round((r.added * 100) / r.attended) : 100}%（原因：${r.reasons}）`,
    }));
}
