import type {
  ArchiveCertificate,
  ArchiveSubsidy,
  ArchiveTraining,
  EmploymentRecord,
  Honour,
} from '../../../shared/contract/schemas/archive';
import type { Db } from '../connection';
import { prep } from '../prepared';

export function trainingsOf(db: Db, workerId: number): ArchiveTraining[] {
  const system = prep(
    db,
    `SELECT 'system' AS source, coalesce(i.name, r.institution_code) AS institutionName, c.name AS className, o.name AS occupationName,
            v.level, coalesce(c.start_date, substr(r.redeemed_at, 1, 10)) AS startDate, coalesce(c.end_date, '') AS endDate,
            coalesce(c.planned_hours, 0) AS hours, cp.attendance_pct AS attendancePct, cp.result
     FROM voucher v JOIN redemption r ON r.serial = v.serial JOIN occupation o ON o.code = v.occupation_code
     LEFT JOIN institution i ON i.code = r.institution_code LEFT JOIN class_member m ON m.serial = v.serial
     LEFT JOIN training_class c ON c.uid = m.class_uid LEFT JOIN completion cp ON cp.serial = v.serial
     WHERE v.worker_id = ? ORDER BY startDate`,
  ).all(workerId) as ArchiveTraining[];
  const historical = prep(
    db,
    `SELECT 'historical' AS source, h.institution_name AS institutionName, NULL AS className, coalesce(o.name, h.occupation_code) AS occupationName,
            h.level, h.start_date AS startDate, h.end_date AS endDate, h.hours, NULL AS attendancePct, h.result
     FROM historical_training h LEFT JOIN occupation o ON o.code = h.occupation_code WHERE h.worker_id = ? ORDER BY h.start_date`,
  ).all(workerId) as ArchiveTraining[];
  return [...historical, ...system];
}

export function certificatesOf(db: Db, workerId: number): ArchiveCertificate[] {
  return (
    prep(
      db,
      `SELECT x.type, x.occupation_code AS occupationCode, coalesce(o.name, x.occupation_code) AS occupationName, x.level, x.number,
              x.issuing_body AS issuingBody, x.issued_on AS issuedOn, x.historical
       FROM certificate x LEFT JOIN occupation o ON o.code = x.occupation_code
       WHERE x.worker_id = ? OR x.serial IN (SELECT serial FROM voucher WHERE worker_id = ?) ORDER BY x.issued_on`,
    ).all(workerId, workerId) as (Omit<ArchiveCertificate, 'historical'> & { historical: number })[]
  ).map((c) => ({ ...c, historical: c.historical === 1 }));
}

export function subsidiesOf(db: Db, workerId: number): ArchiveSubsidy[] {
  return prep(
    db,
    `SELECT v.serial, v.amount_fen AS amountFen, substr(v.status_at, 1, 10) AS date, i.name AS institutionName, f.name AS fundSourceName
     FROM voucher v JOIN fund_source f ON f.code = v.fund_source LEFT JOIN redemption r ON r.serial = v.serial
     LEFT JOIN institution i ON i.code = r.institution_code
     WHERE v.worker_id = ? AND v.status = 'settled' ORDER BY v.status_at`,
  ).all(workerId) as ArchiveSubsidy[];
}

export function honoursOf(db: Db, workerId: number): Honour[] {
  return (
    prep(
      db,
      'SELECT id, kind, name, rank, award, year, issuer, historical FROM honour WHERE worker_id = ? ORDER BY year, id',
    ).all(workerId) as (Omit<Honour, 'historical'> & {
      historical: number;
    })[]
  ).map((h) => ({ ...h, historical: h.historical === 1 }));
}

export function employmentOf(db: Db, workerId: number): EmploymentRecord[] {
  return prep(
    db,
    'SELECT id, kind, employer, started_on AS startedOn, note FROM employment_record WHERE worker_id = ? ORDER BY started_on',
  ).all(workerId) as EmploymentRecord[];
}

export function insertHonour(db: Db, h: Omit<Honour, 'id'> & { workerId: number; at: string }): number {
  return Number(
    prep(
      db,
      `INSERT INTO honour (worker_id, kind, name, rank, award, year, issuer, historical, created_at)
       VALUES (@workerId, @kind, @name, @rank, @award, @year, @issuer, @hist, @at)`,
    ).run({ ...h, hist: h.historical ? 1 : 0 }).lastInsertRowid,
  );
}

export function insertEmployment(db: Db, e: Omit<EmploymentRecord, 'id'> & { workerId: number; at: string }): number {
  return Number(
    prep(
      db,
      'INSERT INTO employment_record (worker_id, kind, employer, started_on, note, created_at) VALUES (@workerId, @kind, @employer, @startedOn, @note, @at)',
    ).run(e).lastInsertRowid,
  );
}

export function insertHistoricalTraining(
  db: Db,
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
): number {
  return Number(
    prep(
      db,
      `INSERT INTO historical_training (worker_id, institution_name, occupation_code, level, start_date, end_date, hours, result, note, created_at)
       VALUES (@workerId, @institutionName, @occupationCode, @level, @startDate, @endDate, @hours, @result, @note, @at)`,
    ).run(t).lastInsertRowid,
  );
}

export function nextExtractSeq(db: Db, year: number): number {
  return prep(db, 'SELECT coalesce(max(seq), 0) + 1 FROM archive_extract WHERE year = ?').pluck().get(year) as number;
}

export function insertExtract(
  db: Db,
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
): void {
  prep(
    db,
    `INSERT INTO archive_extract (number, year, seq, worker_id, created_at, created_by, full_id_shown, digest, snapshot)
     VALUES (@number, @year, @seq, @workerId, @at, @by, @full, @digest, @snapshot)`,
  ).run({ ...e, full: e.fullId ? 1 : 0 });
}

export function findExtract(
  db: Db,
  number: string,
): { digest: string; snapshot: string; created_at: string } | undefined {
  return prep(db, 'SELECT digest, snapshot, created_at FROM archive_extract WHERE number = ?').get(number) as
    { digest: string; snapshot: string; created_at: string } | undefined;
}
