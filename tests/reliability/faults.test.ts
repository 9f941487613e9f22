import { describe, expect, it } from 'vitest';
import { runFaultCampaign } from './faults';

describe('crash safety', () => {
  it('survives SIGKILL at random moments of batch issuance, claim import, settlement and Excel import, 20 times', async () => {
    const r = await runFaultCampaign({ kills: 20 });
    expect(r.details).toEqual([]);
    expect(r).toMatchObject({ faults: 20, integrityFailures: 0, auditFailures: 0, rowsLost: 0 });
  }, 600_000);
});
