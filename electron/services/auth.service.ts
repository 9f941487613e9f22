import type { ChannelParsed } from '../../shared/contract/channels';
import type { LoginResult, SessionInfo, SessionUser } from '../../shared/contract/schemas/auth';
import { getSettings } from '../db/repos/settings.repo';
import {
  countUsers,
  findUser,
  findUserByName,
  insertUser,
  recordLoginFailure,
  recordLoginSuccess,
  setPasswordHash,
  type UserDbRow,
} from '../db/repos/user.repo';
import { isoNow } from '../core/clock';
import type { Ctx } from '../core/context';
import { AppError } from '../core/errors';
import { hashPassword, verifyPassword } from '../core/password';

const MAX_FAILURES = 5;
const LOCKOUT_MINUTES = 5;

function sessionUser(u: UserDbRow): SessionUser {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role, institutionId: u.institution_id };
}

function startSession(ctx: Ctx, u: UserDbRow): LoginResult {
  const s = ctx.sessions.create(sessionUser(u), ctx.clock.now().getTime());
  ctx.session = s;
  return { token: s.token, user: s.user, idleLockMinutes: getSettings(ctx.db).idleLockMinutes };
}

function requireSession(ctx: Ctx) {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx.session;
}

export const authHandlers = {
  'auth:session': (ctx: Ctx): SessionInfo => {
    const settings = getSettings(ctx.db);
    return {
      user: ctx.session?.user ?? null,
      locked: ctx.session?.locked ?? false,
      needsSetup: countUsers(ctx.db) === 0,
      jurisdiction: settings.jurisdictionName,
      idleLockMinutes: settings.idleLockMinutes,
    };
  },

  'auth:setupAdmin': (ctx: Ctx, input: ChannelParsed<'auth:setupAdmin'>): LoginResult => {
    if (countUsers(ctx.db) > 0) throw new AppError('CONFLICT', '系统已有管理员账号，请直接登录');
    const id = insertUser(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: 'admin',
      institutionId: null,
      passwordHash: hashPassword(input.password),
      createdAt: isoNow(ctx.clock),
    });
    const user = findUser(ctx.db, id)!;
    const result = startSession(ctx, user);
    ctx.audit({ action: 'create', entity: 'user', entityId: id, after: result.user });
    return result;
  },

  'auth:login': (ctx: Ctx, input: ChannelParsed<'auth:login'>): LoginResult => {
    const now = ctx.clock.now();
    const user = findUserByName(ctx.db, input.username);
    const wrong = new AppError('UNAUTHENTICATED', '用户名或密码错误', {}, true);
    if (!user) throw wrong;
    if (user.locked_until && user.locked_until > now.toISOString()) {
      throw new AppError(
        'UNAUTHENTICATED',
        `密码连续输错 ${MAX_FAILURES} 次，账号已锁定，请 ${LOCKOUT_MINUTES} 分钟后再试`,
      );
    }
    if (!verifyPassword(input.password, user.password_hash)) {
      const failures = user.failed_logins + 1;
      const lockUntil =
        failures % MAX_FAILURES === 0 ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
      recordLoginFailure(ctx.db, user.id, lockUntil);
      ctx.audit({ action: 'loginFailed', entity: 'user', entityId: user.id, after: { failures } });
      throw wrong;
    }
    if (user.disabled) throw new AppError('FORBIDDEN', '该账号已停用，请联系系统管理员');
    recordLoginSuccess(ctx.db, user.id, now.toISOString());
    const result = startSession(ctx, user);
    ctx.audit({ action: 'login', entity: 'user', entityId: user.id });
    return result;
  },

  'auth:logout': (ctx: Ctx): null => {
    if (ctx.session) ctx.sessions.end(ctx.session.token);
    return null;
  },

  'auth:lock': (ctx: Ctx): null => {
    requireSession(ctx).locked = true;
    return null;
  },

  'auth:unlock': (ctx: Ctx, input: ChannelParsed<'auth:unlock'>): null => {
    const s = requireSession(ctx);
    const user = findUser(ctx.db, s.user.id);
    if (!user || user.disabled) {
      ctx.sessions.end(s.token);
      throw new AppError('UNAUTHENTICATED', '账号已停用，请重新登录');
    }
    if (!verifyPassword(input.password, user.password_hash)) throw new AppError('UNAUTHENTICATED', '密码错误');
    s.locked = false;
    return null;
  },

  'auth:changePassword': (ctx: Ctx, input: ChannelParsed<'auth:changePassword'>): null => {
    const s = requireSession(ctx);
    const user = findUser(ctx.db, s.user.id)!;
    if (!verifyPassword(input.oldPassword, user.password_hash)) {
      throw new AppError('VALIDATION', '原密码不正确', { fields: { oldPassword: '原密码不正确' } });
    }
    setPasswordHash(ctx.db, user.id, hashPassword(input.newPassword));
    ctx.audit({ action: 'changePassword', entity: 'user', entityId: user.id });
    return null;
  },
};
