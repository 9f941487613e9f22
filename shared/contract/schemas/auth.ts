import { z } from 'zod';
import { ROLES, type Role } from '../roles';
import { MAX_PASSWORD_LENGTH, Password, Username } from './common';

/** A password typed to prove who one is; capped so that nobody makes the server hash megabytes. */
const GivenPassword = (missing: string) =>
  z.string({ error: missing }).min(1, missing).max(MAX_PASSWORD_LENGTH, `密码最多 ${MAX_PASSWORD_LENGTH} 位`);

export const LoginInput = z
  .object({
    username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名最多 64 位'),
    password: GivenPassword('请输入密码'),
  })
  .strict();

export const SetupAdminInput = z
  .object({ username: Username, displayName: z.string().trim().min(1, '请输入姓名').max(30), password: Password })
  .strict();

export const UnlockInput = z.object({ password: GivenPassword('请输入密码') }).strict();

export const ChangePasswordInput = z
  .object({ oldPassword: GivenPassword('请输入原密码'), newPassword: Password })
  .strict();

const RoleEnum = z.enum(ROLES, { error: '请选择角色' });

/** 所属乡镇: township codes a clerk works for; none means county-wide. */
const Townships = z
  .array(z.string().trim().min(1).max(20), { error: '请选择所属乡镇' })
  .max(50, '所属乡镇最多 50 个')
  .default([]);
const ONLY_CLERKS = '只有经办人可以绑定所属乡镇';

export const UserCreateInput = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1, '请输入姓名').max(30, '姓名最多 30 字'),
    role: RoleEnum,
    institutionId: z.number().int().positive().nullable().default(null),
    townships: Townships,
    password: Password,
  })
  .strict()
  .refine((u) => u.role !== 'institutionOperator' || u.institutionId !== null, {
    message: '培训机构操作员必须绑定一个培训机构',
    path: ['institutionId'],
  })
  .refine((u) => u.role === 'clerk' || u.townships.length === 0, { message: ONLY_CLERKS, path: ['townships'] });

export const UserUpdateInput = z
  .object({
    id: z.number().int().positive(),
    displayName: z.string().trim().min(1, '请输入姓名').max(30, '姓名最多 30 字'),
    role: RoleEnum,
    institutionId: z.number().int().positive().nullable().default(null),
    townships: Townships,
  })
  .strict()
  .refine((u) => u.role === 'clerk' || u.townships.length === 0, { message: ONLY_CLERKS, path: ['townships'] });

export const UserSetDisabledInput = z.object({ id: z.number().int().positive(), disabled: z.boolean() }).strict();

export const UserResetPasswordInput = z.object({ id: z.number().int().positive(), newPassword: Password }).strict();

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  institutionId: number | null;
  /** 所属乡镇 (codes): a clerk bound to these sees and serves only their workers; empty is county-wide. */
  townships: string[];
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  idleLockMinutes: number;
  /** The password was set by an admin (a new account, a reset): the user chooses a new one first. */
  mustChangePassword: boolean;
}

export interface SessionInfo {
  user: SessionUser | null;
  /** Why the caller's session has just ended (account disabled, role changed, too old), to show at login. */
  notice?: string;
  locked: boolean;
  /** As in LoginResult: the signed-in user's password was set by an admin. */
  mustChangePassword: boolean;
  needsSetup: boolean;
  jurisdiction: string;
  idleLockMinutes: number;
}

export interface UserRow extends SessionUser {
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}
