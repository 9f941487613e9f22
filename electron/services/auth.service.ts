import type { ChannelParsed } from '../../shared/contract/channels';
import type { LoginResult, SessionInfo, SessionUser } from '../../shared/contract/schemas/auth';
import { getSettings } from '../db/repos/settings.repo';
import {
  clearLoginFailures,
  countUsers,
  findUser,
  findUserByName,
  foldedUsername,
  insertUser,
  recordLoginFailure,
  recordLoginSuccess,
  recordUnknownLoginFailure,
  setPasswordHash,
  type UserDbRow,
  unknownLoginOf,
  userTownships,
} from '../db/repos/user.repo';
import { isoNow } from '../core/clock';
import type { Ctx, WriteCtx } from '../core/context';
import { AppError } from '../core/errors';
import { unmatchableHash } from '../core/password';
import type { BeforeHandlers } from './before';

const MAX_FAILURES = 5;
const LOCKOUT_MINUTES = 5;
const LOCKED = `密码连续输错 ${MAX_FAILURES} 次，账号已锁定，请 ${LOCKOUT_MINUTES} 分钟后再试`;
const NO_USER_HASH = unmatchableHash();
/** The audit action of a wrong password, by where it was typed. */
const FAILED = { login: 'loginFailed', unlock: 'unlockFailed', changePassword: 'changePasswordFailed' } as const;

/**
 * The wrong-password count of a username that does not exist, kept like a real account's so that the
 * lockout does not tell which names exist: in the database (every server process sees it), under a
 * keyed fingerprint of the name as the account lookup folds it (the database's own lower(), so that
 * no spelling is one name to the lookup and another to the count).
 */
async function unknownName(ctx: WriteCtx, username: string) {
  const key = ctx.secrets.fingerprint(`login-name:${await foldedUsername(ctx.db, username)}`);
  const row = await unknownLoginOf(ctx.db, key);
  return { key, failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
}

/**
 * The one password check for login, unlock and change of password: always one scrypt (against a
 * hash nothing matches when the account does not exist), the same lockout, each wrong password
 * counted and audited. The refusal is thrown with commitFirst, so the count survives it.
 */
async function checkPassword(
  ctx: WriteCtx,
  account: { user: UserDbRow } | { unknown: string },
  password: string,
  where: keyof typeof FAILED,
  wrong: AppError,
): Promise<void> {
  const user = 'user' in account ? account.user : null;
  const matches = ctx.passwords.verify(password, user?.password_hash ?? NO_USER_HASH);
  const now = ctx.clock.now();
  const count = user
    ? { key: null, failures: user.failed_logins, lockedUntil: user.locked_until }
    : await unknownName(ctx, (account as { unknown: string }).unknown);
  if (count.lockedUntil && count.lockedUntil > now.toISOString()) throw new AppError('UNAUTHENTICATED', LOCKED);
  if (matches && user) return;
  const failures = count.failures + 1;
  const lockedUntil =
    failures % MAX_FAILURES === 0 ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  if (user) await recordLoginFailure(ctx.db, user.id, lockedUntil);
  // Never forgotten, as a real account's count is not: forgetting after a month told a dormant real
  // account from an unknown name (a red-team's review). Each row is smaller than the audit row that
  // every wrong password writes anyway.
  else await recordUnknownLoginFailure(ctx.db, count.key!, { failures, lockedUntil, at: now.toISOString() });
  await ctx.audit({
    action: FAILED[where],
    entity: 'user',
    entityId: user?.id ?? null,
    // The typed name of an unknown account is not kept: people type their password there by mistake.
    after: { failures, ...(user ? {} : { unknownUser: true }), ...(lockedUntil ? { lockedUntil } : {}) },
  });
  throw new AppError(wrong.code, wrong.message, wrong.extra, true);
}

async function sessionUser(ctx: Ctx, u: UserDbRow): Promise<SessionUser> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    institutionId: u.institution_id,
    townships: u.role === 'clerk' ? await userTownships(ctx.db, u.id) : [],
  };
}

async function startSession(ctx: Ctx, u: UserDbRow): Promise<LoginResult> {
  const s = await ctx.sessions.create(await sessionUser(ctx, u), ctx.clock.now().getTime(), {
    passwordHash: u.password_hash,
    client: ctx.client,
  });
  ctx.session = s;
  return {
    token: s.token,
    user: s.user,
    idleLockMinutes: (await getSettings(ctx.db)).idleLockMinutes,
    mustChangePassword: u.must_change_password === 1,
  };
}

function requireSession(ctx: Ctx) {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx.session;
}

/** The caller's own account; the dispatcher has already ended the session of a disabled or removed one. */
async function ownAccount(ctx: Ctx): Promise<UserDbRow> {
  const s = requireSession(ctx);
  const user = await findUser(ctx.db, s.user.id);
  if (!user || user.disabled) {
    await ctx.sessions.end(s.token);
    throw new AppError('UNAUTHENTICATED', '账号已停用，请重新登录');
  }
  return user;
}

export const authHandlers = {
  'auth:session': async (ctx: Ctx): Promise<SessionInfo> => {
    const settings = await getSettings(ctx.db);
    return {
      user: ctx.session?.user ?? null,
      ...(ctx.sessionEnded ? { notice: ctx.sessionEnded } : {}),
      locked: ctx.session?.locked ?? false,
      mustChangePassword: ctx.session
        ? (await findUser(ctx.db, ctx.session.user.id))?.must_change_password === 1
        : false,
      needsSetup: (await countUsers(ctx.db)) === 0,
      jurisdiction: settings.jurisdictionName,
      idleLockMinutes: settings.idleLockMinutes,
    };
  },

  'auth:setupAdmin': async (ctx: WriteCtx, input: ChannelParsed<'auth:setupAdmin'>): Promise<LoginResult> => {
    if ((await countUsers(ctx.db)) > 0) throw new AppError('CONFLICT', '系统已有管理员账号，请直接登录');
    const id = await insertUser(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: 'admin',
      institutionId: null,
      passwordHash: ctx.passwords.hash(input.password),
      createdAt: isoNow(ctx.clock),
      // The first admin chose this password themselves.
      mustChangePassword: false,
    });
    const user = (await findUser(ctx.db, id))!;
    const result = await startSession(ctx, user);
    await ctx.audit({ action: 'create', entity: 'user', entityId: id, after: result.user });
    return result;
  },

  'auth:login': async (ctx: WriteCtx, input: ChannelParsed<'auth:login'>): Promise<LoginResult> => {
    const user = await findUserByName(ctx.db, input.username);
    const wrong = new AppError('UNAUTHENTICATED', '用户名或密码错误');
    await checkPassword(ctx, user ? { user } : { unknown: input.username }, input.password, 'login', wrong);
    if (user!.disabled) throw new AppError('FORBIDDEN', '该账号已停用，请联系系统管理员');
    await recordLoginSuccess(ctx.db, user!.id, isoNow(ctx.clock));
    const result = await startSession(ctx, user!);
    await ctx.audit({ action: 'login', entity: 'user', entityId: user!.id });
    return result;
  },

  'auth:logout': async (ctx: Ctx): Promise<null> => {
    if (ctx.session) await ctx.sessions.end(ctx.session.token);
    return null;
  },

  'auth:lock': async (ctx: Ctx): Promise<null> => {
    await ctx.sessions.setLocked(requireSession(ctx), true);
    return null;
  },

  'auth:unlock': async (ctx: WriteCtx, input: ChannelParsed<'auth:unlock'>): Promise<null> => {
    const user = await ownAccount(ctx);
    await checkPassword(ctx, { user }, input.password, 'unlock', new AppError('UNAUTHENTICATED', '密码错误'));
    if (user.failed_logins > 0) await clearLoginFailures(ctx.db, user.id);
    await ctx.sessions.setLocked(ctx.session!, false);
    await ctx.audit({ action: 'unlock', entity: 'user', entityId: user.id });
    return null;
  },

  'auth:changePassword': async (ctx: WriteCtx, input: ChannelParsed<'auth:changePassword'>): Promise<null> => {
    const user = await ownAccount(ctx);
    await checkPassword(
      ctx,
      { user },
      input.oldPassword,
      'changePassword',
      new AppError('VALIDATION', '原密码不正确', { fields: { oldPassword: '原密码不正确' } }),
    );
    if (user.must_change_password === 1 && ctx.passwords.verify(input.newPassword, user.password_hash)) {
      // The admin who set it knows it: the point of changing it is that nobody else does.
      throw new AppError('VALIDATION', '新密码不能与管理员设置的密码相同', {
        fields: { newPassword: '新密码不能与管理员设置的密码相同' },
      });
    }
    const hash = ctx.passwords.hash(input.newPassword);
    await setPasswordHash(ctx.db, user.id, hash, false);
    // This session goes on; the user's other sessions end at their next call (see sessionCheck).
    await ctx.sessions.setCredential(ctx.session!, hash);
    await ctx.audit({ action: 'changePassword', entity: 'user', entityId: user.id });
    return null;
  },
};

/** The caller's own account, read before the transaction (which reads it again). */
async function ownRow(ctx: Ctx): Promise<UserDbRow | undefined> {
  return ctx.session ? await findUser(ctx.db, ctx.session.user.id) : undefined;
}

/**
 * Each scrypt these channels' transactions will ask for, computed before (see PasswordWork): one for
 * an unknown name too, so that a login takes as long whether or not the name exists.
 */
export const authBefore: BeforeHandlers = {
  // Public until the first account exists, and refused after: no work for a refusal.
  'auth:setupAdmin': async (ctx, input) => {
    if ((await countUsers(ctx.db)) === 0) await ctx.passwords.prepareHash(input.password);
  },
  'auth:login': async (ctx, input) => {
    const user = await findUserByName(ctx.db, input.username);
    await ctx.passwords.prepareVerify(input.password, user?.password_hash ?? NO_USER_HASH);
  },
  'auth:unlock': async (ctx, input) => {
    const user = await ownRow(ctx);
    if (user) await ctx.passwords.prepareVerify(input.password, user.password_hash);
  },
  'auth:changePassword': async (ctx, input) => {
    const user = await ownRow(ctx);
    if (!user) return;
    // The same work whether the old password is right or not: a refusal that counts nothing (the
    // account locked) must not take longer for the right one (a red-team's finding).
    await ctx.passwords.prepareVerify(input.oldPassword, user.password_hash);
    if (user.must_change_password === 1) await ctx.passwords.prepareVerify(input.newPassword, user.password_hash);
    await ctx.passwords.prepareHash(input.newPassword);
  },
};
