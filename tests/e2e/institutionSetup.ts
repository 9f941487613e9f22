// Data the redemption and training tests start from: an approved institution with an operator
// account, and vouchers issued to newly registered workers.
import type { Institution, Plan } from '../../shared/contract/schemas/catalog';
import type { IssuedVoucher } from '../../shared/contract/schemas/voucher';
import type { WorkerDetail } from '../../shared/contract/schemas/worker';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import type { E2E } from './harness';

export const OPERATOR = { username: 'op1', password: 'Operator123' };

export interface InstitutionSetup {
  institution: Institution;
  issueVoucher(): Promise<{ v: IssuedVoucher; idNumber: string }>;
}

export async function setupInstitution(e: E2E): Promise<InstitutionSetup> {
  const institution = await e.admin<Institution>('catalog:institutionSave', {
    code: 'LL-PX-001',
    name: '龙陵县职业技能培训学校',
    nature: 'public',
    status: 'active',
    townshipCode: '530523101',
    approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
  });
  await e.admin('user:create', {
    ...OPERATOR,
    displayName: '机构操作员',
    role: 'institutionOperator',
    institutionId: institution.id,
  });
  const plans = await e.admin<Plan[]>('catalog:plans', {});
  const planId = plans.find((p) => p.code === 'skills_upgrade')!.id;
  let seq = 600;
  return {
    institution,
    async issueVoucher() {
      const idNumber = makeId('530523', '19900101', seq);
      const w = await e.admin<WorkerDetail>('worker:create', workerInput({ seq: seq++, idNumber }));
      const v = await e.admin<IssuedVoucher>('voucher:issue', {
        workerId: w.id,
        planId,
        occupationCode: '4-10-01-05',
        level: 'L5',
        institutionId: null,
        fundSource: 'employment_subsidy',
      });
      return { v, idNumber };
    },
  };
}
