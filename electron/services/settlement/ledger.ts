// 资金台账: each fund source's money by stage, read from the statistics kept by triggers, so the
// figures always add up to the vouchers themselves.
import type { LedgerRow } from '../../../shared/contract/schemas/settlement';
import type { Db } from '../../db/connection';
import { prep } from '../../db/prepared';
import { recoveredByFund } from '../../db/repos/settlement.repo';

export function fundLedger(db: Db): LedgerRow[] {
  const rows = prep(
    db,
    `SELECT f.code AS fundSource, f.name AS fundSourceName,
            coalesce(sum(s.fen_issued), 0) AS committedFen,
            coalesce(sum(s.fen_redeemed + CASE WHEN p.pays_on = 'certified' THEN s.fen_completed ELSE 0 END), 0) AS redeemedFen,
            coalesce(sum(s.fen_certified + CASE WHEN p.pays_on = 'completed' THEN s.fen_completed ELSE 0 END), 0) AS payableFen,
            coalesce(sum(s.fen_paid), 0) AS paidFen,
            coalesce(sum(s.fen_expired + s.fen_revoked), 0) AS releasedFen
     FROM fund_source f
     LEFT JOIN voucher_stat s ON s.dim = 'pof' AND substr(s.key, -length(f.code) - 1) = '|' || f.code
     LEFT JOIN plan p ON p.id = CAST(substr(s.key, 1, instr(s.key, '|') - 1) AS INTEGER)
     GROUP BY f.code ORDER BY f.rowid`,
  ).all() as Omit<LedgerRow, 'recoveredFen'>[];
  const recovered = recoveredByFund(db);
  return rows.map((r) => ({ ...r, recoveredFen: recovered.get(r.fundSource) ?? 0 }));
}
