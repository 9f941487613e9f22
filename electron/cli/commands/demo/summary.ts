// What the demo made, in the figures the dashboard shows, and who its accounts are (never their
// passwords, which nobody was shown).
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import { VOUCHER_STATUS_LABELS, VOUCHER_STATUSES } from '../../../../shared/contract/schemas/voucher';
import { localDate } from '../../../../shared/domain/idNumber';
import { fenToYuan } from '../../../../shared/domain/money';
import type { CliRuntime } from '../../runtime';
import { passwordChecks } from './actors';
import { allActors, type Staff } from './setup';

export async function summary(cli: CliRuntime, staff: Staff, from: string, seconds: number): Promise<string[]> {
  const count = async (status: (typeof VOUCHER_STATUSES)[number]) =>
    (await cli.call('voucher:list', { status, pageSize: 1 })).total;
  const byStatus = await Promise.all(
    VOUCHER_STATUSES.map(async (s) => `${VOUCHER_STATUS_LABELS[s]} ${await count(s)}`),
  );
  const workers = (await cli.call('worker:search', { q: '', pageSize: 1 })).total;
  const overview = await cli.call('stats:overview', {});
  const goal = (key: string) => overview.county.find((g) => g.key === key)!.actual;
  const batches = (await cli.call('settlement:list', { pageSize: 200 })).items;
  const paid = batches.filter((b) => b.status === 'paid');
  const recovered = batches.reduce((n, b) => n + b.recoveredFen, 0);
  // The county's day, as `from` is (the UTC date was yesterday's before 08:00 in Beijing).
  const to = localDate(cli.env.clock.now());
  return [
    `演示数据已生成（${from} 至 ${to}，用时 ${seconds.toFixed(1)} 秒，登录 ${passwordChecks.logins} 次、解锁 ${passwordChecks.unlocks} 次、设置新密码 ${passwordChecks.firstPasswords} 次）：`,
    `  劳动者 ${workers} 人；培训券 ${byStatus.join('，')}`,
    `  培训人次 ${goal('personTimes')}（含补录 ${overview.historicalTrainings}），技能人才 ${goal('skilled')} 人，高技能人才 ${goal('highSkill')} 人`,
    `  结算批次 ${batches.length} 个（已拨付 ${paid.length} 个，共 ${fenToYuan(paid.reduce((n, b) => n + b.totalFen, 0))} 元；追回 ${fenToYuan(recovered)} 元）`,
    '演示账号（密码随机生成，未显示也未保存）：',
    ...allActors(staff).map((a) => `  ${a.username.padEnd(20)}${ROLE_LABELS[a.role].padEnd(10, '　')}${a.displayName}`),
    '要以演示账号登录：用您自己的管理员账号在“系统管理 → 用户管理”中重置其密码（这是一项账号变更，须另一位管理员确认后，该账号才能参与结算复核）。',
  ];
}
