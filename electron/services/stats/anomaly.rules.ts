// 异常提示: patterns a reviewer should look at before money goes out. Each rule is one set query
// over the whole database; a scan replaces the flags with what the rules find now.
import type { AnomalyKind } from '../../../shared/contract/schemas/stats';
import type { Settings } from '../../../shared/contract/schemas/settings';
import type { Db } from '../../db/connection';
import { prep } from '../../db/prepared';
import { accountChanges } from './anomaly.accounts';
import { guessing } from '../../db/repos/holder.repo';

export interface Flag {
  kind: AnomalyKind;
  subject: string;
  workerId: number | null;
  serial: string | null;
  institutionId: number | null;
  reason: string;
}

type Rule = (db: Db, s: Settings) => Flag[];

const classOverlap: Rule = (db) =>
  (
    prep(
      db,
      `SELECT v1.worker_id AS workerId, m1.serial AS a, m2.serial AS b, c1.name AS ca, c2.name AS cb,
              c1.start_date || '至' || c1.end_date AS da, c2.start_date || '至' || c2.end_date AS db,
              i.id AS institutionId
       FROM class_member m1
       JOIN training_class c1 ON c1.uid = m1.class_uid
       JOIN voucher v1 ON v1.serial = m1.serial
       JOIN voucher v2 ON v2.worker_id = v1.worker_id AND v2.id > v1.id
       JOIN class_member m2 ON m2.serial = v2.serial
       JOIN training_class c2 ON c2.uid = m2.class_uid
       LEFT JOIN institution i ON i.code = c2.institution_code
       WHERE c1.start_date <= c2.end_date AND c2.start_date <= c1.end_date`,
    ).all() as {
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

const attendanceOutside: Rule = (db) =>
  (
    prep(
      db,
      `SELECT a.serial, c.name, c.start_date AS startDate, c.end_date AS endDate, count(*) AS n, min(a.session_date) AS first,
              v.worker_id AS workerId, i.id AS institutionId
       FROM attendance a
       JOIN training_class c ON c.uid = a.class_uid
       LEFT JOIN voucher v ON v.serial = a.serial
       LEFT JOIN institution i ON i.code = c.institution_code
       WHERE a.session_date < c.start_date OR a.session_date > c.end_date
       GROUP BY a.serial, a.class_uid`,
    ).all() as {
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

const redemptionSpike: Rule = (db, s) =>
  (
    prep(
      db,
      `WITH daily AS (
         SELECT institution_code AS code, date(redeemed_at, 'localtime') AS day, count(*) AS n
         FROM redemption GROUP BY 1, 2)
       SELECT d.code, d.day, d.n, i.id AS institutionId, i.name,
              (SELECT coalesce(sum(p.n), 0) FROM daily p
               WHERE p.code = d.code AND p.day >= date(d.day, '-28 days') AND p.day < d.day) / 28.0 AS avg
       FROM daily d LEFT JOIN institution i ON i.code = d.code
       WHERE d.n >= @min`,
    ).all({ min: s.spikeMin }) as {
      code: string;
      day: string;
      n: number;
      institutionId: number | null;
      name: string | null;
      avg: number;
    }[]
  )
    .filter((r) => r.n > s.spikeFactor * r.avg)
    .map((r) => ({
      kind: 'redemption_spike',
      subject: `${r.code}/${r.day}`,
      workerId: null,
      serial: null,
      institutionId: r.institutionId,
      reason: `${r.name ?? r.code} 在 ${r.day} 核销 ${r.n} 张，前 28 天日均 ${r.avg.toFixed(1)} 张（超过 ${s.spikeFactor} 倍）`,
    }));

const ageOrStatus: Rule = (db, s) =>
  (
    prep(
      db,
      `SELECT v.serial, v.worker_id AS workerId, v.stat_institution AS institutionId, w.employment_status AS employment,
              w.gender, (CAST(strftime('%Y', v.issue_date) AS INTEGER) - CAST(strftime('%Y', w.birth_date) AS INTEGER)
                - (strftime('%m-%d', v.issue_date) < strftime('%m-%d', w.birth_date))) AS age
       FROM voucher v JOIN worker w ON w.id = v.worker_id
       WHERE (v.status = 'settled' OR EXISTS (SELECT 1 FROM settlement_item si WHERE si.voucher_id = v.id AND si.live = 1))
         AND (w.employment_status IN ('student', 'retired')
              OR (CAST(strftime('%Y', v.issue_date) AS INTEGER) - CAST(strftime('%Y', w.birth_date) AS INTEGER)
                  - (strftime('%m-%d', v.issue_date) < strftime('%m-%d', w.birth_date)))
                 > CASE w.gender WHEN 'M' THEN @male ELSE @female END)`,
    ).all({ male: s.ruleAgeMaxMale, female: s.ruleAgeMaxFemale }) as {
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
const certificateReuse: Rule = (db) => {
  const rows = prep(
    db,
    `WITH c AS (SELECT uid, number, serial, worker_id,
                       upper(replace(replace(replace(number, ' ', ''), '-', ''), char(12288), '')) AS norm FROM certificate)
     SELECT c.norm, c.number, c.serial, c.worker_id AS workerId FROM c
     WHERE c.norm IN (SELECT norm FROM c GROUP BY norm HAVING count(*) > 1) ORDER BY c.norm, c.uid`,
  ).all() as { norm: string; number: string; serial: string | null; workerId: number | null }[];
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
  const refused = prep(
    db,
    `SELECT r.record_uid AS uid, r.serial, r.reason, p.institution_id AS institutionId, v.worker_id AS workerId
     FROM claim_record r JOIN claim_package p ON p.package_id = r.package_id LEFT JOIN voucher v ON v.serial = r.serial
     WHERE r.outcome = 'conflict' AND r.reason LIKE '证书编号%已被使用%'`,
  ).all() as { uid: string; serial: string | null; reason: string; institutionId: number; workerId: number | null }[];
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

const farRedemption: Rule = (db, s) => {
  const towns = prep(
    db,
    'SELECT code, name, lat, lon FROM township WHERE lat IS NOT NULL AND lon IS NOT NULL',
  ).all() as {
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
    prep(
      db,
      `SELECT r.serial, v.worker_id AS workerId, i.id AS institutionId, i.name AS inst, w.township_code AS home,
              i.township_code AS there
       FROM redemption r
       JOIN voucher v ON v.serial = r.serial
       JOIN worker w ON w.id = v.worker_id
       JOIN institution i ON i.code = r.institution_code
       WHERE w.township_code || '|' || i.township_code IN (SELECT value FROM json_each(@far))`,
    ).all({ far: JSON.stringify(far) }) as {
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
const holderGuessing: Rule = (db) =>
  guessing(db)
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

export const RULES: Rule[] = [
  classOverlap,
  attendanceOutside,
  redemptionSpike,
  ageOrStatus,
  certificateReuse,
  farRedemption,
  holderGuessing,
  accountChanges,
];
