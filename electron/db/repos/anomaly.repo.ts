// 异常提示: patterns a reviewer should look at before money goes out. Each rule is one set query
// over the whole database; a scan replaces the flags with what the rules find now.
import type { AnomalyKind } from '../../../shared/contract/schemas/stats';
import type { Flag } from './anomalyFlag';
import type { Settings } from '../../../shared/contract/schemas/settings';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';
import { localDate } from '../../../shared/domain/idNumber';
import { addDays } from '../../../shared/domain/dates';
import { accountChanges } from './accountAnomaly';
import { attendanceMakeups } from './attendanceAnomaly';
import { guessing } from './holder.repo';
import { lateClaims } from './lateClaimAnomaly';
import { copiedClaims } from './copiedClaimAnomaly';
import { contestedRedemptions } from './contestedRedemptionAnomaly';

export type { Flag };

type Rule = (db: Queryable, s: Settings) => Promise<Flag[]>;

const classOverlap: Rule = async (db) =>
  (
    (await db.all(sql`SELECT v1.worker_id AS "workerId", m1.serial AS a, m2.serial AS b, c1.name AS ca, c2.name AS cb,
              c1.start_date || '至' || c1.end_date AS da, c2.start_date || '至' || c2.end_date AS db,
              i.id AS "institutionId"
       FROM class_member m1
       JOIN training_class c1 ON c1.uid = m1.class_uid
       JOIN voucher v1 ON v1.serial = m1.serial
       JOIN voucher v2 ON v2.worker_id = v1.worker_id AND v2.id > v1.id
       JOIN class_member m2 ON m2.serial = v2.serial
       JOIN training_class c2 ON c2.uid = m2.class_uid
       LEFT JOIN institution i ON i.code = c2.institution_code
       WHERE c1.start_date <= c2.end_date AND c2.start_date <= c1.end_date`)) as {
      workerId: number;
      a: string;
      b: string;
      ca: string;
      cb: string;
      da: string;
      db: string;
      institutionId: number | null;
    }[]
  ).map((r) => ({
    kind: 'class_overlap',
    subject: `${r.a}/${r.b}`,
    workerId: r.workerId,
    serial: r.b,
    institutionId: r.institutionId,
    reason: `培训班“${r.ca}”（${r.da}，券 ${r.a}）与“${r.cb}”（${r.db}，券 ${r.b}）时间重叠`,
  }));

const attendanceOutside: Rule = async (db) =>
  (
    (await db.all(sql`SELECT a.serial, c.name, c.start_date AS "startDate", c.end_date AS "endDate", count(*) AS n, min(a.session_date) AS first,
              v.worker_id AS "workerId", i.id AS "institutionId"
       FROM attendance a
       JOIN training_class c ON c.uid = a.class_uid
       LEFT JOIN voucher v ON v.serial = a.serial
       LEFT JOIN institution i ON i.code = c.institution_code
       WHERE a.session_date < c.start_date OR a.session_date > c.end_date
       GROUP BY a.serial, a.class_uid, c.name, c.start_date, c.end_date, v.worker_id, i.id`)) as {
      serial: string;
      name: string;
      startDate: string;
      endDate: string;
      n: number;
      first: string;
      workerId: number | null;
      institutionId: number | null;
    }[]
  ).map((r) => ({
    kind: 'attendance_outside',
    subject: `${r.serial}/${r.name}`,
    workerId: r.workerId,
    serial: r.serial,
    institutionId: r.institutionId,
    reason: `有 ${r.n} 次考勤（最早 ${r.first}）不在培训班“${r.name}”的日期 ${r.startDate} 至 ${r.endDate} 内`,
  }));

/** Days are the bureau's local days; counted here rather than in SQL, where each engine says "local" its own way. */
const redemptionSpike: Rule = async (db, s) => {
  const rows = await db.all<{ code: string; at: string; institutionId: number | null; name: string | null }>(
    sql`SELECT r.institution_code AS code, r.redeemed_at AS at, i.id AS "institutionId", i.name
        FROM redemption r LEFT JOIN institution i ON i.code = r.institution_code`,
  );
  const daily = new Map<string, Map<string, number>>();
  const who = new Map<string, { institutionId: number | null; name: string | null }>();
  for (const r of rows) {
    const day = localDate(new Date(r.at));
    const byDay = daily.get(r.code) ?? new Map<string, number>();
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
    daily.set(r.code, byDay);
    who.set(r.code, { institutionId: r.institutionId, name: r.name });
  }
  const flags: Flag[] = [];
  for (const [code, byDay] of daily) {
    for (const [day, n] of byDay) {
      if (n < s.spikeMin) continue;
      let before = 0;
      for (let k = 1; k <= 28; k++) before += byDay.get(addDays(day, -k)) ?? 0;
      const avg = before / 28;
      if (n <= s.spikeFactor * avg) continue;
      const w = who.get(code)!;
      flags.push({
        kind: 'redemption_spike',
        subject: `${code}/${day}`,
        workerId: null,
        serial: null,
        institutionId: w.institutionId,
        reason: `${w.name ?? code} 在 ${day} 核销 ${n} 张，前 28 天日均 ${avg.toFixed(1)} 张（超过 ${s.spikeFactor} 倍）`,
      });
    }
  }
  return flags;
};

/** Age in whole years on the day the voucher was issued (dates are 'YYYY-MM-DD' text on both engines). */
const AGE_AT_ISSUE = sql`(CAST(substr(v.issue_date, 1, 4) AS INTEGER) - CAST(substr(w.birth_date, 1, 4) AS INTEGER)
  - CASE WHEN substr(v.issue_date, 6, 5) < substr(w.birth_date, 6, 5) THEN 1 ELSE 0 END)`;

// The CASE of two parameters is cast: PostgreSQL types a CASE of untyped parameters as text, and
// an integer compared with text is an error there.
const ageOrStatus: Rule = async (db, s) =>
  (
    (await db.all(sql`SELECT v.serial, v.worker_id AS "workerId", v.stat_institution AS "institutionId", w.employment_status AS employment,
              w.gender, ${AGE_AT_ISSUE} AS age
       FROM voucher v JOIN worker w ON w.id = v.worker_id
       WHERE (v.status = 'settled' OR EXISTS (SELECT 1 FROM settlement_item si WHERE si.voucher_id = v.id AND si.live = 1))
         AND (w.employment_status IN ('student', 'retired')
              OR ${AGE_AT_ISSUE} > CASE w.gender WHEN 'M' THEN CAST(${s.ruleAgeMaxMale} AS INTEGER) ELSE CAST(${s.ruleAgeMaxFemale} AS INTEGER) END)`)) as {
      serial: string;
      workerId: number;
      institutionId: number | null;
      employment: string;
      gender: string;
      age: number;
    }[]
  ).map((r) => {
    const max = r.gender === 'M' ? s.ruleAgeMaxMale : s.ruleAgeMaxFemale;
    const why =
      r.employment === 'student'
        ? '登记为在校学生'
        : r.employment === 'retired'
          ? '登记为退休人员'
          : `发券时 ${r.age} 岁，超过 ${max} 岁上限`;
    return {
      kind: 'age_or_status',
      subject: r.serial,
      workerId: r.workerId,
      serial: r.serial,
      institutionId: r.institutionId || null,
      reason: `补贴对象${why}`,
    };
  });

/** Numbers that differ only in spaces, dashes or letter case are the same certificate. */
const certificateReuse: Rule = async (db) => {
  const rows = (await db.all(sql`WITH c AS (SELECT uid, number, serial, worker_id,
                       upper(replace(replace(replace(number, ' ', ''), '-', ''), ${'\u3000'}, '')) AS norm FROM certificate)
     SELECT c.norm, c.number, c.serial, c.worker_id AS "workerId" FROM c
     WHERE c.norm IN (SELECT norm FROM c GROUP BY norm HAVING count(*) > 1) ORDER BY c.norm, c.uid`)) as {
    norm: string;
    number: string;
    serial: string | null;
    workerId: number | null;
  }[];
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.norm, [...(groups.get(r.norm) ?? []), r]);
  const flags: Flag[] = [...groups].map(([norm, g]) => ({
    kind: 'certificate_reuse',
    subject: `cert/${norm}`,
    workerId: g[g.length - 1]!.workerId,
    serial: g[g.length - 1]!.serial,
    institutionId: null,
    reason: `证书编号 ${g.map((x) => x.number).join('、')} 实为同一编号，登记了 ${g.length} 次`,
  }));
  const refused =
    (await db.all(sql`SELECT r.record_uid AS uid, r.serial, r.reason, p.institution_id AS "institutionId", v.worker_id AS "workerId"
     FROM claim_record r JOIN claim_package p ON p.package_id = r.package_id LEFT JOIN voucher v ON v.serial = r.serial
     WHERE r.outcome = 'conflict' AND r.reason LIKE '证书编号%已被使用%'`)) as {
      uid: string;
      serial: string | null;
      reason: string;
      institutionId: number;
      workerId: number | null;
    }[];
  return [
    ...flags,
    ...refused.map((r) => ({
      kind: 'certificate_reuse' as const,
      subject: `claim/${r.uid}`,
      workerId: r.workerId,
      serial: r.serial,
      institutionId: r.institutionId,
      reason: `培训机构申报的${r.reason}（申报未采纳）`,
    })),
  ];
};

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const farRedemption: Rule = async (db, s) => {
  const towns = (await db.all(
    sql`SELECT code, name, lat, lon FROM township WHERE lat IS NOT NULL AND lon IS NOT NULL`,
  )) as {
    code: string;
    name: string;
    lat: number;
    lon: number;
  }[];
  const far: string[] = [];
  const dist = new Map<string, number>();
  for (const a of towns)
    for (const b of towns) {
      const d = km(a, b);
      dist.set(`${a.code}|${b.code}`, d);
      if (d > s.farRedemptionKm) far.push(`${a.code}|${b.code}`);
    }
  if (!far.length) return [];
  const name = new Map(towns.map((t) => [t.code, t.name]));
  return (
    (await db.all(sql`SELECT r.serial, v.worker_id AS "workerId", i.id AS "institutionId", i.name AS inst, w.township_code AS home,
              i.township_code AS there
       FROM redemption r
       JOIN voucher v ON v.serial = r.serial
       JOIN worker w ON w.id = v.worker_id
       JOIN institution i ON i.code = r.institution_code
       WHERE w.township_code || '|' || i.township_code IN ${sql.in(far)}`)) as {
      serial: string;
      workerId: number;
      institutionId: number;
      inst: string;
      home: string;
      there: string;
    }[]
  ).map((r) => ({
    kind: 'far_redemption',
    subject: r.serial,
    workerId: r.workerId,
    serial: r.serial,
    institutionId: r.institutionId,
    reason: `持券人户籍在${name.get(r.home)}，在${name.get(r.there)}的${r.inst}核销，相距约 ${Math.round(dist.get(`${r.home}|${r.there}`)!)} 公里（设定 ${s.farRedemptionKm} 公里）`,
  }));
};

/**
 * 持券人身份证号多次输错: every voucher whose holder check failed, with how often, where and by whom.
 * Two or more is worth a look (a typo happens once); a voucher held now says so.
 */
const holderGuessing: Rule = async (db) =>
  (await guessing(db))
    .filter((r) => r.n >= 2 || r.held)
    .map((r) => ({
      kind: 'holder_guessing',
      subject: r.serial,
      workerId: r.workerId,
      serial: r.serial,
      institutionId: r.institutionId,
      reason:
        `券 ${r.serial} 的持券人身份证号输错 ${r.n} 次（最近 ${r.last.slice(0, 16).replace('T', ' ')}` +
        `${r.institutions ? `，机构 ${r.institutions}` : ''}${r.users ? `，操作人 ${r.users}` : ''}）` +
        (r.held ? '，现已暂扣' : ''),
    }));

/** Each rule with the kind of flag it finds (a rule that fails keeps its kind's flags of before). */
export const RULES: readonly { kind: AnomalyKind; find: Rule }[] = [
  { kind: 'class_overlap', find: classOverlap },
  { kind: 'attendance_outside', find: attendanceOutside },
  { kind: 'redemption_spike', find: redemptionSpike },
  { kind: 'age_or_status', find: ageOrStatus },
  { kind: 'certificate_reuse', find: certificateReuse },
  { kind: 'far_redemption', find: farRedemption },
  { kind: 'holder_guessing', find: holderGuessing },
  { kind: 'account_change', find: accountChanges },
  { kind: 'attendance_makeup', find: attendanceMakeups },
  { kind: 'late_claim', find: lateClaims },
  { kind: 'copied_claim', find: copiedClaims },
  { kind: 'contested_redemption', find: contestedRedemptions },
];

/**
 * Replaces the stored flags with `flags`; a flag found before keeps the time it was first detected.
 * The flags of the kinds in `keep` (rules that failed this time) stay as they were.
 */
export async function replaceAnomalies(
  tx: WriteTx,
  flags: Flag[],
  at: string,
  keep: readonly AnomalyKind[] = [],
): Promise<void> {
  const seen = new Map(
    (
      await tx.all<{ kind: string; subject: string; detected_at: string }>(
        sql`SELECT kind, subject, detected_at FROM anomaly`,
      )
    ).map((r) => [`${r.kind}|${r.subject}`, r.detected_at]),
  );
  // Not `NOT IN (NULL)` for none kept: that is never true, and would keep every row.
  await tx.run(keep.length ? sql`DELETE FROM anomaly WHERE kind NOT IN ${sql.in(keep)}` : sql`DELETE FROM anomaly`);
  const unique = new Map(flags.filter((f) => !keep.includes(f.kind)).map((f) => [`${f.kind}|${f.subject}`, f]));
  await tx.insertMany(
    'anomaly',
    ['kind', 'subject', 'worker_id', 'serial', 'institution_id', 'reason', 'detected_at'],
    [...unique.values()].map((f) => [
      f.kind,
      f.subject,
      f.workerId,
      f.serial,
      f.institutionId,
      f.reason,
      seen.get(`${f.kind}|${f.subject}`) ?? at,
    ]),
  );
}
