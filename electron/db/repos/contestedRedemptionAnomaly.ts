// 一券两家申报: a voucher another institution claims to have redeemed too. A voucher is redeemed once,
// and an offline install cannot know that another institution was first: its claim is refused at the
// bureau (已由…先行核销), and until now that refusal was seen only by whoever imported the package.
// Either the holder went to two institutions, or one of them had the voucher's QR without its holder
// (printed on paper the holder shows, and carried in every claim package), and may have been first
// with it; a reviewer asks which one trained the holder before the one that redeemed it is paid.
import type { Queryable } from '../driver/types';
import { sql } from '../sql';
import type { Flag } from './anomalyFlag';
import { localDate } from '../../../shared/domain/idNumber';

interface ContestRow {
  serial: string;
  workerId: number | null;
  holderId: number;
  holderName: string;
  redeemedAt: string;
  source: 'local' | 'claim';
  claimantId: number;
  claimantName: string;
  importedAt: string;
}

/** Each voucher redeemed by one institution whose redemption another's package claimed as well. */
export async function contestedRedemptions(db: Queryable): Promise<Flag[]> {
  const rows = await db.all<ContestRow>(sql`
    SELECT cr.serial, v.worker_id AS "workerId", h.id AS "holderId", h.name AS "holderName",
           r.redeemed_at AS "redeemedAt", r.source, c.id AS "claimantId", c.name AS "claimantName",
           min(p.imported_at) AS "importedAt"
    FROM claim_record cr
    JOIN claim_package p ON p.package_id = cr.package_id
    JOIN institution c ON c.id = p.institution_id
    JOIN redemption r ON r.serial = cr.serial
    JOIN institution h ON h.code = r.institution_code
    LEFT JOIN voucher v ON v.serial = cr.serial
    WHERE cr.kind = 'redemption' AND cr.outcome = 'conflict' AND h.id <> c.id
    GROUP BY cr.serial, v.worker_id, h.id, h.name, r.redeemed_at, r.source, c.id, c.name
    ORDER BY cr.serial, c.id`);
  const bySerial = new Map<string, ContestRow[]>();
  for (const r of rows) {
    const claims = bySerial.get(r.serial) ?? [];
    claims.push(r);
    bySerial.set(r.serial, claims);
  }
  return [...bySerial].flatMap(([serial, claims]) => {
    const first = claims[0]!;
    const how = first.source === 'local' ? '在线核销' : '离线核销（申报包导入）';
    const reason =
      `券 ${serial} 已由 ${first.holderName} 于 ${day(first.redeemedAt)} ${how}；` +
      claims.map((c) => `${c.claimantName} ${day(c.importedAt)} 导入的申报包也申报了此券的核销`).join('；') +
      '（未被接受）。一张券只能核销一次：请核实持券人在哪家机构参加培训，再拨付补贴';
    const flag = (institutionId: number, subject: string) => ({
      kind: 'contested_redemption' as const,
      subject,
      workerId: first.workerId === null ? null : Number(first.workerId),
      serial,
      institutionId,
      reason,
    });
    // On each institution's list: the one that redeemed it and each that claimed it too.
    return [
      flag(Number(first.holderId), `contested/${serial}`),
      ...claims.map((c) => flag(Number(c.claimantId), `contested/${serial}/${Number(c.claimantId)}`)),
    ];
  });
}

/** The county's day of an instant. */
const day = (iso: string) => localDate(new Date(iso));
