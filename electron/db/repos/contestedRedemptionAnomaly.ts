// 一券两家申报: a voucher another institution tried to redeem too. A voucher is redeemed once, and
// an institution cannot know that another was first: offline, its claim is refused at the bureau
// (已由…先行核销); online, its 核销 is refused as already used. Until now either refusal was seen only
// by whoever met it. Either the holder went to two institutions, or one of them had the voucher's QR
// without its holder (printed on paper the holder shows, and carried in every claim package), and
// may have been first with it; a reviewer asks which one trained the holder before either is paid.
//
// Only refusals because the voucher had been redeemed count (a red-team's finding: any refused claim
// counted, so a competitor sending a serial with a made-up QR put a warning on the victim's batch).
// A claim reaches that refusal only after its QR matched the voucher's and it could otherwise have
// stood (the voucher not directed elsewhere, the trade approved, the holder confirmed); an online
// attempt counts only when the QR verified, the institution may redeem the voucher, the holder's own
// ID number was typed and the one who tried was the institution's own operator at the time (the
// audit row says both; an administrator at the bureau's window acting for an institution is not its
// attempt, and moving the operator's account later does not take the attempt off the record).
import type { Queryable } from '../driver/types';
import { sql } from '../sql';
import type { Flag } from './anomalyFlag';
import { localDate } from '../../../shared/domain/idNumber';

interface Redeemed {
  serial: string;
  workerId: number | null;
  holderId: number;
  holderName: string;
  redeemedAt: string;
  source: 'local' | 'claim';
}

interface Attempt {
  institutionId: number;
  name: string;
  at: string;
  how: 'claim' | 'online';
  /** The redemption time the refused claim stated (the institution's word), when it stated one. */
  statedAt?: string | null;
}

/** Each redeemed voucher another institution tried to redeem as well, flagged for each side. */
export async function contestedRedemptions(db: Queryable): Promise<Flag[]> {
  const redeemed = new Map<string, Redeemed>();
  const attempts = new Map<string, Attempt[]>();
  const add = (r: Redeemed, a: Attempt) => {
    if (a.institutionId === r.holderId) return;
    redeemed.set(r.serial, r);
    const list = attempts.get(r.serial) ?? [];
    if (!list.some((x) => x.institutionId === a.institutionId && x.how === a.how)) list.push(a);
    attempts.set(r.serial, list);
  };
  for (const r of await claimedToo(db))
    add(r, { institutionId: r.claimantId, name: r.claimantName, at: r.at, how: 'claim', statedAt: r.statedAt });
  const institutions = new Map(
    (await db.all<{ id: number; code: string; name: string }>(sql`SELECT id, code, name FROM institution`)).map((i) => [
      i.code,
      i,
    ]),
  );
  for (const r of await refusedOnline(db)) {
    const code = institutionOf(r.after);
    const i = typeof code === 'string' ? institutions.get(code) : undefined;
    if (i) add(r, { institutionId: Number(i.id), name: i.name, at: r.at, how: 'online' });
  }
  return [...redeemed.values()].flatMap((r) => {
    const list = attempts.get(r.serial)!.sort((a, b) => a.at.localeCompare(b.at));
    const how = r.source === 'local' ? '在线核销' : '离线核销（申报包导入）';
    const reason =
      `券 ${r.serial} 已由 ${r.holderName} 于 ${day(r.redeemedAt)} ${how}；` +
      list
        .map((a) =>
          a.how === 'claim'
            ? `${a.name} ${day(a.at)} 导入的申报包也申报了此券的核销（${a.statedAt ? `申报的核销日期 ${day(a.statedAt)}，` : ''}未被接受）`
            : `${a.name} ${day(a.at)} 也在线核销此券（被拒：已被核销）`,
        )
        .join('；') +
      '。一张券只能核销一次：请核实持券人在哪家机构参加培训，再拨付补贴';
    const flag = (institutionId: number, subject: string) => ({
      kind: 'contested_redemption' as const,
      subject,
      workerId: r.workerId === null ? null : Number(r.workerId),
      serial: r.serial,
      institutionId,
      reason,
    });
    // On each institution's list: the one that redeemed it and each that tried to as well.
    const others = [...new Set(list.map((a) => a.institutionId))];
    return [
      flag(Number(r.holderId), `contested/${r.serial}`),
      ...others.map((id) => flag(id, `contested/${r.serial}/${id}`)),
    ];
  });
}

const REDEEMED = sql`
  SELECT r.serial, v.worker_id AS "workerId", h.id AS "holderId", h.name AS "holderName",
         r.redeemed_at AS "redeemedAt", r.source`;

/** Offline claims refused because the voucher had been redeemed (the one reason written so). */
function claimedToo(db: Queryable) {
  return db.all<Redeemed & { claimantId: number; claimantName: string; at: string; statedAt: string | null }>(sql`
    ${REDEEMED}, c.id AS "claimantId", c.name AS "claimantName", p.imported_at AS at, cr.stated_at AS "statedAt"
    FROM claim_record cr
    JOIN claim_package p ON p.package_id = cr.package_id
    JOIN institution c ON c.id = p.institution_id
    JOIN redemption r ON r.serial = cr.serial
    JOIN institution h ON h.code = r.institution_code
    LEFT JOIN voucher v ON v.serial = cr.serial
    WHERE cr.kind = 'redemption' AND cr.outcome = 'conflict' AND cr.reason LIKE ${'已由 %先行核销'}
    ORDER BY cr.serial, p.imported_at`);
}

/**
 * Online 核销 refused because the voucher was already used, from the audit log (each refusal is
 * audited with the voucher, the reason and the institution). Read from the redeemed vouchers through
 * the log's index on its entity, so the scan does not read the whole log; the redeemer's own refusals
 * are left out and the rest collapsed in SQL, so that an operator scanning its own redeemed voucher
 * again and again does not make the hourly scan read every refusal (a red-team's finding).
 */
function refusedOnline(db: Queryable) {
  return db.all<Redeemed & { at: string; after: string }>(sql`
    ${REDEEMED}, min(al.at) AS at, al.after_json AS after
    FROM redemption r
    JOIN voucher v ON v.serial = r.serial
    JOIN institution h ON h.code = r.institution_code
    JOIN audit_log al ON al.entity = 'voucher' AND al.entity_id = CAST(v.id AS TEXT)
    WHERE al.action = 'refuseRedeem' AND al.after_json LIKE ${'%"reason":"already_used"%'}
      AND al.after_json LIKE ${'%"holderMatched":true%'} AND al.after_json LIKE ${'%"byOperator":true%'}
      AND al.after_json NOT LIKE '%"institution":"' || r.institution_code || '"%'
    GROUP BY r.serial, v.worker_id, h.id, h.name, r.redeemed_at, r.source, al.after_json
    ORDER BY r.serial, min(al.at)`);
}

/** The institution an audited refusal names (the app wrote it; anything else names none). */
function institutionOf(after: string): unknown {
  try {
    return (JSON.parse(after) as { institution?: unknown }).institution;
  } catch {
    return undefined;
  }
}

/** The county's day of an instant. */
const day = (iso: string) => localDate(new Date(iso));
