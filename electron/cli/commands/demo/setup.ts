// The bureau's first day in the demo: two administrators (each confirms the other's account), the
// window clerks, the reviewers and one operator per training institution, and the institutions
// with what they are approved to teach.
import { AppError } from '../../../core/errors';
import type { CliRuntime } from '../../runtime';
import { Actor } from './actors';
import { INSTITUTIONS, TERMS } from './scenario';

export interface Staff {
  admin: Actor;
  admin2: Actor;
  clerks: [Actor, Actor];
  reviewers: [Actor, Actor];
  /** By institution code. */
  operators: Map<string, Actor>;
}

/** The demo's accounts, for the summary (never with their passwords). */
export const allActors = (s: Staff): Actor[] => [
  s.admin,
  s.admin2,
  ...s.clerks,
  ...s.reviewers,
  ...s.operators.values(),
];

export const DEMO_ADMIN = 'demo-admin';

/** Refuses a database that already has the demo's accounts: their passwords are lost with the run that made them. */
export async function checkFresh(cli: CliRuntime): Promise<void> {
  const users = await cli.call('user:list', {});
  if (users.some((u) => u.username === DEMO_ADMIN))
    throw new AppError(
      'CONFLICT',
      `该数据库已有演示数据（演示账号 ${DEMO_ADMIN}）：演示数据只能生成一次，请指定一个新的数据库文件（--db）`,
    );
}

export async function setUp(cli: CliRuntime): Promise<{ staff: Staff; institutionIds: Map<string, number> }> {
  // The command line is the bureau's IT staff: it opens the two administrator accounts.
  const admin = await Actor.create(cli, null, { username: DEMO_ADMIN, displayName: '杨建华（演示）', role: 'admin' });
  const admin2 = await Actor.create(cli, null, {
    username: 'demo-admin2',
    displayName: '段丽萍（演示）',
    role: 'admin',
  });

  const existing = await admin.call('catalog:institutions', {});
  const institutionIds = new Map<string, number>();
  for (const inst of INSTITUTIONS) {
    const taught = TERMS.filter((t) => t.institution === inst.code).flatMap((t) => t.classes);
    const before = existing.find((e) => e.code === inst.code);
    const approvals = [
      ...(before?.approvals ?? []),
      ...taught.map((c) => ({ occupationCode: c.occupation, level: c.level })),
    ];
    const saved = await admin.call('catalog:institutionSave', {
      ...(before ? { id: before.id } : {}),
      code: inst.code,
      name: inst.name,
      address: '龙陵县',
      nature: inst.nature,
      contactPerson: '张老师',
      contactPhone: '0875-6121234',
      townshipCode: inst.township,
      status: 'active',
      approvals: [...new Map(approvals.map((a) => [`${a.occupationCode}/${a.level}`, a])).values()],
    });
    institutionIds.set(inst.code, saved.id);
  }

  const make = (username: string, displayName: string, role: Actor['role'], institutionId: number | null = null) =>
    Actor.create(cli, admin, { username, displayName, role, institutionId });
  const staff: Staff = {
    admin,
    admin2,
    clerks: [
      await make('demo-clerk1', '李春梅（演示）', 'clerk'),
      await make('demo-clerk2', '赵志强（演示）', 'clerk'),
    ],
    reviewers: [
      await make('demo-reviewer1', '周海燕（演示）', 'reviewer'),
      await make('demo-reviewer2', '杨国良（演示）', 'reviewer'),
    ],
    operators: new Map(),
  };
  const teachers = ['王丽（演示）', '刘勇（演示）', '黄娟（演示）', '马涛（演示）'];
  for (const [i, inst] of INSTITUTIONS.entries()) {
    const op = await make(
      `demo-op-${inst.code.toLowerCase()}`,
      teachers[i]!,
      'institutionOperator',
      institutionIds.get(inst.code)!,
    );
    staff.operators.set(inst.code, op);
  }

  // 账号变更 need a second administrator: demo-admin2 confirms what the command line and demo-admin
  // did, and demo-admin confirms demo-admin2's own account. Only then may the clerks' batches be
  // approved by the reviewers (the two-person rule of settlement).
  const ours = new Set(allActors(staff).map((a) => a.id));
  for (const change of await admin2.call('user:changes', { pendingOnly: true })) {
    if (!ours.has(change.userId)) continue;
    await (change.userId === admin2.id ? admin : admin2).call('user:confirm', { id: change.id });
  }
  return { staff, institutionIds };
}
