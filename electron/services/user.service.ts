import type { ChannelParsed } from '../../shared/contract/channels';
import type { AccountChange, AccountChangeKind } from '../../shared/contract/schemas/accounts';
import type { UserRow } from '../../shared/contract/schemas/auth';
import {
  confirmAccountChange,
  getAccountChange,
  insertAccountChange,
  listAccountChanges,
} from '../db/repos/accountChange.repo';
import {
  allUserTownships,
  countActiveAdmins,
  findUser,
  findUserByName,
  insertUser,
  institutionExists,
  listUsers,
  setPasswordHash,
  setUserDisabled,
  setUserTownships,
  toUserRow,
  unknownTownships,
  updateUser,
  userTownships,
} from '../db/repos/user.repo';
import { forgetIdempotencyOf } from '../db/repos/server.repo';
import { isoNow } from '../core/clock';
import type { WriteCtx } from '../core/context';
import { actorId, type Ctx } from '../core/context';
import { AppError, notFound } from '../core/errors';
import type { BeforeHandlers } from './before';

async function loadUser(ctx: Ctx, id: number): Promise<UserRow> {
  const u = await findUser(ctx.db, id);
  if (!u) throw notFound('用户');
  return toUserRow(u, await userTownships(ctx.db, id));
}

/**
 * 所属乡镇: only a clerk is bound to townships (the schema refuses them for other roles; a clerk
 * given another role loses them here). Each code must be one of the county's.
 */
async function checkTownships(ctx: Ctx, role: string, codes: readonly string[]): Promise<string[]> {
  if (role !== 'clerk') {
    if (codes.length > 0) throw new AppError('VALIDATION', ONLY_CLERKS, { fields: { townships: ONLY_CLERKS } });
    return [];
  }
  const unique = [...new Set(codes)];
  const unknown = await unknownTownships(ctx.db, unique);
  if (unknown.length > 0) {
    const message = `所选乡镇不存在：${unknown.join('、')}`;
    throw new AppError('VALIDATION', message, { fields: { townships: message } });
  }
  return unique;
}

const ONLY_CLERKS = '只有经办人可以绑定所属乡镇';

async function checkInstitution(ctx: Ctx, institutionId: number | null) {
  if (institutionId !== null && !(await institutionExists(ctx.db, institutionId))) {
    throw new AppError('VALIDATION', '所选培训机构不存在', { fields: { institutionId: '所选培训机构不存在' } });
  }
}

/**
 * 账号变更: whoever creates, enables, re-roles or resets an account could act through it, until a
 * second admin confirms the change (user:confirm). Settlement's two-person rule reads these rows.
 */
async function recordChange(ctx: WriteCtx, user: UserRow, kind: AccountChangeKind) {
  await insertAccountChange(ctx.db, {
    userId: user.id,
    kind,
    role: user.role,
    at: isoNow(ctx.clock),
    madeBy: actorId(ctx),
    madeByName: ctx.session?.user.displayName ?? ctx.session?.user.username ?? '系统',
  });
}

/** The last enabled admin can be neither disabled nor demoted: nobody could manage users after that. */
async function keepOneAdmin(ctx: Ctx, before: UserRow, losingAdmin: boolean) {
  if (before.role === 'admin' && !before.disabled && losingAdmin && (await countActiveAdmins(ctx.db)) <= 1) {
    throw new AppError('RULE', '不能停用或降级最后一个系统管理员');
  }
}

export const userHandlers = {
  'user:list': async (ctx: Ctx): Promise<UserRow[]> => {
    const townships = await allUserTownships(ctx.db);
    return (await listUsers(ctx.db)).map((u) => toUserRow(u, townships.get(u.id) ?? []));
  },

  'user:create': async (ctx: WriteCtx, input: ChannelParsed<'user:create'>): Promise<UserRow> => {
    if (await findUserByName(ctx.db, input.username)) {
      throw new AppError('CONFLICT', `用户名“${input.username}”已被使用`, { fields: { username: '用户名已被使用' } });
    }
    const institutionId = input.role === 'institutionOperator' ? input.institutionId : null;
    await checkInstitution(ctx, institutionId);
    const townships = await checkTownships(ctx, input.role, input.townships);
    const id = await insertUser(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      institutionId,
      passwordHash: ctx.passwords.hash(input.password),
      createdAt: isoNow(ctx.clock),
      mustChangePassword: true,
    });
    await setUserTownships(ctx.db, id, townships);
    const after = await loadUser(ctx, id);
    await recordChange(ctx, after, 'create');
    await ctx.audit({ action: 'create', entity: 'user', entityId: id, after });
    return after;
  },

  'user:update': async (ctx: WriteCtx, input: ChannelParsed<'user:update'>): Promise<UserRow> => {
    const before = await loadUser(ctx, input.id);
    const institutionId = input.role === 'institutionOperator' ? input.institutionId : null;
    if (input.role === 'institutionOperator' && institutionId === null) {
      throw new AppError('VALIDATION', '培训机构操作员必须绑定一个培训机构', {
        fields: { institutionId: '请选择培训机构' },
      });
    }
    await checkInstitution(ctx, institutionId);
    const townships = await checkTownships(ctx, input.role, input.townships);
    await keepOneAdmin(ctx, before, input.role !== 'admin');
    await updateUser(ctx.db, input.id, { displayName: input.displayName, role: input.role, institutionId });
    // Takes effect at the user's next call: sessions re-read their townships (core/sessionCheck).
    await setUserTownships(ctx.db, input.id, townships);
    const after = await loadUser(ctx, input.id);
    if (before.role !== after.role || before.institutionId !== after.institutionId)
      await ctx.sessions.endForUser(input.id);
    // A retried write's stored answer belongs to the rights it was made with: after a change of role,
    // institution or 所属乡镇 a retry is judged afresh (refused, or a duplicate caught by the rules)
    // instead of being handed the first answer, which may be about another township's worker.
    if (
      before.role !== after.role ||
      before.institutionId !== after.institutionId ||
      before.townships.join() !== after.townships.join()
    )
      await forgetIdempotencyOf(ctx.db, input.id);
    if (before.role !== after.role) await recordChange(ctx, after, 'role');
    await ctx.audit({ action: 'update', entity: 'user', entityId: input.id, before, after });
    if (before.townships.join() !== after.townships.join()) {
      await ctx.audit({
        action: 'setTownships',
        entity: 'user',
        entityId: input.id,
        before: { townships: before.townships },
        after: { townships: after.townships },
      });
    }
    return after;
  },

  'user:setDisabled': async (ctx: WriteCtx, input: ChannelParsed<'user:setDisabled'>): Promise<UserRow> => {
    const before = await loadUser(ctx, input.id);
    if (input.disabled && ctx.session?.user.id === input.id) throw new AppError('RULE', '不能停用自己的账号');
    await keepOneAdmin(ctx, before, input.disabled);
    await setUserDisabled(ctx.db, input.id, input.disabled);
    if (input.disabled) await ctx.sessions.endForUser(input.id);
    const after = await loadUser(ctx, input.id);
    if (before.disabled && !after.disabled) await recordChange(ctx, after, 'enable');
    await ctx.audit({
      action: input.disabled ? 'disable' : 'enable',
      entity: 'user',
      entityId: input.id,
      before,
      after,
    });
    return after;
  },

  'user:resetPassword': async (ctx: WriteCtx, input: ChannelParsed<'user:resetPassword'>): Promise<null> => {
    const user = await loadUser(ctx, input.id);
    await setPasswordHash(ctx.db, input.id, ctx.passwords.hash(input.newPassword), true);
    await ctx.sessions.endForUser(input.id);
    await recordChange(ctx, user, 'password');
    await ctx.audit({ action: 'resetPassword', entity: 'user', entityId: input.id });
    return null;
  },

  'user:changes': (ctx: Ctx, input: ChannelParsed<'user:changes'>): Promise<AccountChange[]> =>
    listAccountChanges(ctx.db, input),

  /** The second admin: anyone but whoever made the change, and never on one's own account. */
  'user:confirm': async (ctx: WriteCtx, input: ChannelParsed<'user:confirm'>): Promise<AccountChange> => {
    const change = await getAccountChange(ctx.db, input.id);
    if (!change) throw notFound('账号变更记录');
    if (change.confirmedById !== null)
      throw new AppError(
        'CONFLICT',
        `该变更已由 ${change.confirmedBy ?? '另一位管理员'} 于 ${change.confirmedAt} 确认`,
      );
    const me = actorId(ctx);
    if (me === null) throw new AppError('FORBIDDEN', '账号变更须由另一位系统管理员登录后确认，命令行不能确认');
    if (me === change.userId) throw new AppError('FORBIDDEN', '不能确认对自己账号的变更：须由另一位系统管理员确认');
    if (me === change.madeById) throw new AppError('FORBIDDEN', '这项变更是您本人所做的，须由另一位系统管理员确认');
    await confirmAccountChange(ctx.db, change.id, me, isoNow(ctx.clock));
    const after = (await getAccountChange(ctx.db, change.id))!;
    await ctx.audit({
      action: 'confirmChange',
      entity: 'user',
      entityId: change.userId,
      after: { change: change.id, kind: change.kind, role: change.role, madeBy: change.madeBy, at: change.at },
    });
    return after;
  },
};

/** The new password's scrypt, before the transaction (see PasswordWork). */
export const userBefore: BeforeHandlers = {
  'user:create': (ctx, input) => ctx.passwords.prepareHash(input.password),
  'user:resetPassword': (ctx, input) => ctx.passwords.prepareHash(input.newPassword),
};
