import type {
  ArchiveCertificate,
  ArchiveSubsidy,
  ArchiveTraining,
  EmploymentRecord,
  Honour,
} from '../../../shared/contract/schemas/archive';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

export async function trainingsOf(db: Queryable, workerId: number): Promise<ArchiveTraining[]> {
  const system =
    (await db.all(sql`SELECT 'system' AS source, coalesce(i.name, r.institution_code) AS "institutionName", c.name AS "className", o.name AS "occupationName",
            v.level, coalesce(c.start_date, substr(r.redeemed_at, 1, 10)) AS "startDate", coalesce(c.end_date, '') AS "endDate",
            coalesce(c.planned_hours, 0) AS hours, cp.attendance_pct AS "attendancePct", cp.result
     FROM voucher v JOIN redemption r ON r.serial = v.serial JOIN occupation o ON o.code = v.occupation_code
     LEFT JOIN institution i ON i.code = r.institution_code LEFT JOIN class_member m ON m.serial = v.serial
     LEFT JOIN training_class c ON c.uid = m.class_uid LEFT JOIN completion cp ON cp.serial = v.serial
     WHERE v.worker_id = ${workerId} ORDER BY "startDate"`)) as ArchiveTraining[];
  const historical =
    (await db.all(sql`SELECT 'historical' AS source, h.institution_name AS "institutionName", NULL AS "className", coalesce(o.name, h.occupation_code) AS "occupationName",
            h.level, h.start_date AS "startDate", h.end_date AS "endDate", h.hours, NULL AS "attendancePct", h.result
     FROM historical_training h LEFT JOIN occupation o ON o.code = h.occupation_code WHERE h.worker_id = ${workerId} ORDER BY h.start_date`)) as ArchiveTraining[];
  return [...historical, ...system];
}

export async function certificatesOf(db: Queryable, workerId: number): Promise<ArchiveCertificate[]> {
  return (
    (await db.all(sql`SELECT x.type, x.occupation_code AS "occupationCode", coalesce(o.name, x.occupation_code) AS "occupationName", x.level, x.number,
              x.issuing_body AS "issuingBody", x.issued_on AS "issuedOn", x.historical
       FROM certificate x LEFT JOIN occupation o ON o.code = x.occupation_code
       WHERE x.worker_id = ${workerId} OR x.serial IN (SELECT serial FROM voucher WHERE worker_id = ${workerId}) ORDER BY x.issued_on`)) as (Omit<
      ArchiveCertificate,
      'historical'
    > & { historical: number })[]
  ).map((c) => ({ ...c, historical: c.historical === 1 }));
}

export async function subsidiesOf(db: Queryable, workerId: number): Promise<ArchiveSubsidy[]> {
  return (await db.all(sql`SELECT v.serial, v.amount_fen AS "amountFen", substr(v.status_at, 1, 10) AS date, i.name AS "institutionName", f.name AS "fundSourceName"
     FROM voucher v JOIN fund_source f ON f.code = v.fund_source LEFT JOIN redemption r ON r.serial = v.serial
     LEFT JOIN institution i ON i.code = r.institution_code
     WHERE v.worker_id = ${workerId} AND v.status = 'settled' ORDER BY v.status_at`)) as ArchiveSubsidy[];
}

export async function honoursOf(db: Queryable, workerId: number): Promise<Honour[]> {
  return (
    (await db.all(
      sql`SELECT id, kind, name, rank, award, year, issuer, historical FROM honour WHERE worker_id = ${workerId} ORDER BY year, id`,
    )) as (Omit<Honour, 'historical'> & {
      historical: number;
    })[]
  ).map((h) => ({ ...h, historical: h.historical === 1 }));
}

export async function employmentOf(db: Queryable, workerId: number): Promise<EmploymentRecord[]> {
  return (await db.all(
    sql`SELECT id, kind, employer, started_on AS "startedOn", note FROM employment_record WHERE worker_id = ${workerId} ORDER BY started_on`,
  )) as EmploymentRecord[];
}

export async function insertHonour(
  db: WriteTx,
  h: Omit<Honour, 'id'> & { workerId: number; at: string },
): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO honour (worker_id, kind, name, rank, award, year, issuer, historical, created_at)
       VALUES (${h.workerId}, ${h.kind}, ${h.name}, ${h.rank}, ${h.award}, ${h.year}, ${h.issuer}, ${h.historical ? 1 : 0}, ${h.at}) RETURNING id`),
    ),
  );
}

export async function insertEmployment(
  db: WriteTx,
  e: Omit<EmploymentRecord, 'id'> & { workerId: number; at: string },
): Promise<number> {
  return Number(
    Number(
      await db.value(
        sql`INSERT INTO employment_record (worker_id, kind, employer, started_on, note, created_at) VALUES (${e.workerId}, ${e.kind}, ${e.employer}, ${e.startedOn}, ${e.note}, ${e.at}) RETURNING id`,
      ),
    ),
  );
}

export async function insertHistoricalTraining(
  db: WriteTx,
  t: {
    workerId: number;
    institutionName: string;
    occupationCode: string;
    level: string;
    startDate: string;
    endDate: string;
    hours: number;
    result: string;
    note: string;
    at: string;
  },
): Promise<number> {
  return Number(
    Number(
      await db.value(sql`INSERT INTO historical_training (worker_id, institution_name, occupation_code, level, start_date, end_date, hours, result, note, created_at)
       VALUES (${t.workerId}, ${t.institutionName}, ${t.occupationCode}, ${t.level}, ${t.startDate}, ${t.endDate}, ${t.hours}, ${t.result}, ${t.note}, ${t.at}) RETURNING id`),
    ),
  );
}

export async function nextExtractSeq(db: Queryable, year: number): Promise<number> {
  return (await db.value(sql`SELECT coalesce(max(seq), 0) + 1 FROM archive_extract WHERE year = ${year}`)) as number;
}

export async function insertExtract(
  db: WriteTx,
  e: {
    number: string;
    year: number;
    seq: number;
    workerId: number;
    at: string;
    by: string | null;
    fullId: boolean;
    digest: string;
    snapshot: string;
  },
): Promise<void> {
  await db.run(sql`INSERT INTO archive_extract (number, year, seq, worker_id, created_at, created_by, full_id_shown, digest, snapshot)
     VALUES (${e.number}, ${e.year}, ${e.seq}, ${e.workerId}, ${e.at}, ${e.by}, ${e.fullId ? 1 : 0}, ${e.digest}, ${e.snapshot})`);
}

export async function findExtract(
  db: Queryable,
  number: string,
): Promise<{ digest: string; snapshot: string; created_at: string } | undefined> {
  return (await db.get(sql`SELECT digest, snapshot, created_at FROM archive_extract WHERE number = ${number}`)) as
    { digest: string; snapshot: string; created_at: string } | undefined;
}

export async function extractWorkerId(db: Queryable, number: string): Promise<number | undefined> {
  return (await db.value(sql`SELECT worker_id FROM archive_extract WHERE number = ${number}`)) as number | undefined;
}
