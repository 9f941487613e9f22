// 同号申报: the same claim number sent by two institutions. Installs number their packages and
// records with random UUIDs; two installs never draw the same one. The bureau keeps each
// institution's numbers apart (`<institution id>:<number>`, services/exchange/claims.ids), so a
// copied file can no longer spoil the other's records, but the copy itself is evidence: one of the
// two had the other's file (a shared USB drive, a township office passing files on), and may have
// claimed the other's trainees with it. A reviewer sees both sides before either is paid.
import type { Queryable } from '../driver/types';
import { sql, type Sql } from '../sql';
import type { Flag } from './anomalyFlag';
import { localDate } from '../../../shared/domain/idNumber';

/**
 * A number as its institution sent it: the bureau's form without the institution's own `<id>:`
 * (numbers imported before the bureau kept them apart are bare already). One level only: a number
 * pushed further on (a number planted in its shape before) still meets the planted one at this level.
 */
const sent = (uid: Sql, institutionId: Sql): Sql => {
  const prefix = sql`CAST(${institutionId} AS TEXT) || ':'`;
  return sql`CASE WHEN substr(${uid}, 1, length(${prefix})) = ${prefix} THEN substr(${uid}, length(${prefix}) + 1) ELSE ${uid} END`;
};

interface SharedRow {
  what: 'package' | 'record';
  sent: string;
  packageId: string;
  institutionId: number;
  name: string;
  importedAt: string;
  serial: string | null;
  workerId: number | null;
  /** 1 for a record the bureau accepted. */
  applied: number;
}

/**
 * Each package holding a number another institution's package holds, with what they share. A shared
 * number counts whether its record was accepted or not (the copy is the evidence), but only accepted
 * records name vouchers: a refused record names whatever serial its sender typed, and a red-team put
 * flags on a third institution's vouchers, batches and holders with records refused for a made-up QR.
 */
export async function copiedClaims(db: Queryable): Promise<Flag[]> {
  const rows = await db.all<SharedRow>(sql`
    WITH x AS (
      SELECT 'record' AS what, ${sent(sql`cr.record_uid`, sql`p.institution_id`)} AS sent, p.package_id,
             p.institution_id, p.imported_at, CASE WHEN cr.outcome = 'applied' THEN cr.serial END AS serial,
             CASE WHEN cr.outcome = 'applied' THEN 1 ELSE 0 END AS applied
      FROM claim_record cr JOIN claim_package p ON p.package_id = cr.package_id
      UNION ALL
      SELECT 'package', ${sent(sql`p.package_id`, sql`p.institution_id`)}, p.package_id, p.institution_id,
             p.imported_at, NULL, 0
      FROM claim_package p
    ), shared AS (
      SELECT what, sent FROM x GROUP BY what, sent HAVING count(DISTINCT institution_id) > 1
    )
    SELECT x.what, x.sent, x.package_id AS "packageId", x.institution_id AS "institutionId", i.name,
           x.imported_at AS "importedAt", x.serial, v.worker_id AS "workerId", x.applied
    FROM x JOIN shared s ON s.what = x.what AND s.sent = x.sent
    JOIN institution i ON i.id = x.institution_id
    LEFT JOIN voucher v ON v.serial = x.serial
    ORDER BY x.imported_at, x.package_id, x.what, x.sent`);
  const bySent = new Map<string, SharedRow[]>();
  for (const r of rows) {
    const k = `${r.what}/${r.sent}`;
    const holders = bySent.get(k) ?? [];
    holders.push({ ...r, institutionId: Number(r.institutionId) });
    bySent.set(k, holders);
  }
  // Each package against each other institution's package it shares numbers with.
  const pairs = new Map<string, { own: SharedRow; other: SharedRow; shared: SharedRow[]; key: string[] }>();
  for (const holders of bySent.values()) {
    for (const own of holders) {
      for (const other of holders) {
        if (other.institutionId === own.institutionId) continue;
        const k = JSON.stringify([own.packageId, other.packageId]);
        const pair = pairs.get(k) ?? { own, other, shared: [], key: [own.packageId, other.packageId] };
        pair.shared.push(own);
        pairs.set(k, pair);
      }
    }
  }
  return [...pairs.values()].flatMap(({ own, other, shared, key }) => {
    const records = shared.filter((r) => r.what === 'record');
    // This side's vouchers are named (on its batches and holders' archives) only if the other side's
    // copies took hold somewhere: numbers copied into records all refused claimed nothing of this
    // side's, and would otherwise put a flag on every voucher of the package copied from.
    const theirs = pairs.get(JSON.stringify([other.packageId, own.packageId]))?.shared ?? [];
    const tookHold = theirs.some((r) => r.what === 'record' && Number(r.applied) === 1);
    const serials = tookHold ? [...new Set(records.map((r) => r.serial).filter((s): s is string => s !== null))] : [];
    const holders = new Map(records.map((r) => [r.serial, r.workerId === null ? null : Number(r.workerId)]));
    const what = [
      shared.some((r) => r.what === 'package') ? '申报包编号' : '',
      records.length ? `${records.length} 条记录的编号` : '',
    ]
      .filter(Boolean)
      .join('和 ');
    const order =
      own.importedAt < other.importedAt ? ['本包先导入'] : own.importedAt > other.importedAt ? ['对方的包先导入'] : [];
    const reason =
      `${own.name} ${day(own.importedAt)} 导入的申报包与 ${other.name} ${day(other.importedAt)} 导入的申报包` +
      `有相同的${/^\d/.test(what) ? ' ' : ''}${what}（${[...order, ...(serials.length ? [`涉及券 ${list(serials)}`] : [])].join('；')}）。` +
      '各机构安装自行随机编号，编号相同说明一方持有另一方的申报文件，请核实这些记录由哪家机构培训';
    // One flag per voucher concerned (each batch holding one of them shows it, and so does the
    // holder's archive), or one for the package number alone. JSON subjects: a package number may
    // hold any separator, and two pairs must not share one.
    const flag = (serial: string | null) => ({
      kind: 'copied_claim' as const,
      subject: `copied/${JSON.stringify(serial === null ? key : [...key, serial])}`,
      workerId: serial === null ? null : (holders.get(serial) ?? null),
      serial,
      institutionId: own.institutionId,
      reason,
    });
    return serials.length ? serials.map(flag) : [flag(null)];
  });
}

/** The county's day of an instant the bureau wrote. */
const day = (iso: string) => localDate(new Date(iso));
const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join('、')} 等 ${xs.length} 张` : xs.join('、'));
