import type { ChannelParsed } from '../../shared/contract/channels';
import type { UserRow } from '../../shared/contract/schemas/auth';
import {
  countActiveAdmins,
  findUser,
  findUserByName,
  insertUser,
  institutionExists,
  listUsers,
  setPasswordHash,
  setUserDisabled,
  toUserRow,
  updateUser,
} from '../db/repos/user.repo';
import { isoNow } from '../core/clock';
import type { Ctx } from '../core/context';
import { AppError, notFound } from '../core/errors';
import { hashPassword } from '../core/password';

function loadUser(ctx: Ctx, id: number): UserRow {
  const u = findUser(ctx.db, id);
  if (!u) throw notFound('用户');
  return toUserRow(u);
}

function checkInstitution(ctx: Ctx, institutionId: number | null) {
  if (institutionId !== null && !institutionExists(ctx.db, institutionId)) {
    throw new AppError('VALIDATION', '所选培训机构不存在', { fields: { institutionId: '所选培训机构不存在' } });
  }
}

/** The last enabled admin can be neither disabled nor demoted: nobody could manage users after that. */
function keepOneAdmin(ctx: Ctx, before: UserRow, losingAdmin: boolean) {
  if (before.role === 'admin' && !before.disabled && losingAdmin && countActiveAdmins(ctx.db) <= 1) {
    throw new AppError('RULE', '不能停用或降级最后一个系统管理员');
  }
}

export const userHandlers = {
  'user:list': (ctx: Ctx): UserRow[] => listUsers(ctx.db).map(toUserRow),

  'user:create': (ctx: Ctx, input: ChannelParsed<'user:create'>): UserRow => {
    if (findUserByName(ctx.db, input.username)) {
      throw new AppError('CONFLICT', `用户名“${input.username}”已被使用`, { fields: { username: '用户名已被使用' } });
    }
    const institutionId = input.role === 'institutionOperator' ? input.institutionId : null;
    checkInstitution(ctx, institutionId);
    const id = insertUser(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      institutionId,
      passwordHash: hashPassword(input.password),
      createdAt: isoNow(ctx.clock),
    });
    const after = loadUser(ctx, id);
    ctx.audit({ action: 'create', entity: 'user', entityId: id, after });
    return after;
  },

  'user:update': (ctx: Ctx, input: ChannelParsed<'user:update'>): UserRow => {
    const before = loadUser(ctx, input.id);
    const institutionId = input.role === 'institutionOperator' ? input.institutionId : null;
    if (input.role === 'institutionOperator' && institutionId === null) {
      throw new AppError('VALIDATION', '培训机构操作员必须绑定一个培训机构', {
        fields: { institutionId: '请选择培训机构' },
      });
    }
    checkInstitution(ctx, institutionId);
    keepOneAdmin(ctx, before, input.role !== 'admin');
    updateUser(ctx.db, input.id, { displayName: input.displayName, role: input.role, institutionId });
    const after = loadUser(ctx, input.id);
    if (before.role !== after.role || before.institutionId !== after.institutionId) ctx.sessions.endForUser(input.id);
    ctx.audit({ action: 'update', entity: 'user', entityId: input.id, before, after });
    return after;
  },

  'user:setDisabled': (ctx: Ctx, input: ChannelParsed<'user:setDisabled'>): UserRow => {
    const before = loadUser(ctx, input.id);
    if (input.disabled && ctx.session?.user.id === input.id) throw new AppError('RULE', '不能停用自己的账号');
    keepOneAdmin(ctx, before, input.disabled);
    setUserDisabled(ctx.db, input.id, input.disabled);
    if (input.disabled) ctx.sessions.endForUser(input.id);
    const after = loadUser(ctx, input.id);
    ctx.audit({ action: input.disabled ? 'disable' : 'enable', entity: 'user', entityId: input.id, before, after });
    return after;
  },

  'user:resetPassword': (ctx: Ctx, input: ChannelParsed<'user:resetPassword'>): null => {
    loadUser(ctx, input.id);
    setPasswordHash(ctx.db, input.id, hashPassword(input.newPassword));
    ctx.sessions.endForUser(input.id);
    ctx.audit({ action: 'resetPassword', entity: 'user', entityId: input.id });
    return null;
  },
};
