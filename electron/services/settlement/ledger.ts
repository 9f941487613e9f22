// 资金台账: each fund source's money by stage, read from the statistics kept by triggers, so the
// figures always add up to the vouchers themselves.
import type { LedgerRow } from '../../../shared/contract/schemas/settlement';
import type { Queryable } from '../../db/driver/types';
import { recoveredByFund } from '../../db/repos/settlement.repo';
import { ledgerByFund } from '../../db/repos/settlement.repo';

export async function fundLedger(db: Queryable): Promise<LedgerRow[]> {
  const rows = await ledgerByFund(db);
  const recovered = await recoveredByFund(db);
  return rows.map((r) => ({ ...r, recoveredFen: recovered.get(r.fundSource) ?? 0 }));
}
