// The one API contract: every channel the renderer, the web host and the CLI may call.
import type { z } from 'zod';
import { channel, type ChannelDef } from './define';
import type { AuditRow, AuditVerifyResult } from './schemas/audit';
import { AuditListInput } from './schemas/audit';
import type { LoginResult, SessionInfo, UserRow } from './schemas/auth';
import {
  ChangePasswordInput,
  LoginInput,
  SetupAdminInput,
  UnlockInput,
  UserCreateInput,
  UserResetPasswordInput,
  UserSetDisabledInput,
  UserUpdateInput,
} from './schemas/auth';
import { Empty, IdParam, type Page } from './schemas/common';
import type { Settings, Township } from './schemas/settings';
import { SettingsUpdateInput } from './schemas/settings';
import type { IdCheckResult, WorkerDetail, WorkerListItem } from './schemas/worker';
import { WorkerCheckIdInput, WorkerCreateInput, WorkerSearchInput, WorkerUpdateInput } from './schemas/worker';

const STAFF = ['admin', 'clerk', 'reviewer'] as const;

export const channels = {
  'auth:session': channel<SessionInfo>()({ input: Empty, access: 'public', mutates: false, whileLocked: true }),
  'auth:setupAdmin': channel<LoginResult>()({ input: SetupAdminInput, access: 'public', mutates: true }),
  'auth:login': channel<LoginResult>()({ input: LoginInput, access: 'public', mutates: true }),
  'auth:logout': channel<null>()({ input: Empty, access: 'user', mutates: false, whileLocked: true }),
  'auth:lock': channel<null>()({ input: Empty, access: 'user', mutates: false, whileLocked: true }),
  'auth:unlock': channel<null>()({ input: UnlockInput, access: 'user', mutates: false, whileLocked: true }),
  'auth:changePassword': channel<null>()({ input: ChangePasswordInput, access: 'user', mutates: true }),

  'user:list': channel<UserRow[]>()({ input: Empty, access: ['admin'], mutates: false }),
  'user:create': channel<UserRow>()({ input: UserCreateInput, access: ['admin'], mutates: true }),
  'user:update': channel<UserRow>()({ input: UserUpdateInput, access: ['admin'], mutates: true }),
  'user:setDisabled': channel<UserRow>()({ input: UserSetDisabledInput, access: ['admin'], mutates: true }),
  'user:resetPassword': channel<null>()({ input: UserResetPasswordInput, access: ['admin'], mutates: true }),

  'audit:list': channel<Page<AuditRow>>()({ input: AuditListInput, access: ['admin'], mutates: false }),
  'audit:verify': channel<AuditVerifyResult>()({ input: Empty, access: ['admin'], mutates: false }),

  'settings:get': channel<Settings>()({ input: Empty, access: 'user', mutates: false }),
  'settings:update': channel<Settings>()({ input: SettingsUpdateInput, access: ['admin'], mutates: true }),
  'catalog:townships': channel<Township[]>()({ input: Empty, access: 'user', mutates: false }),

  'worker:checkId': channel<IdCheckResult>()({ input: WorkerCheckIdInput, access: STAFF, mutates: false }),
  'worker:create': channel<WorkerDetail>()({ input: WorkerCreateInput, access: ['admin', 'clerk'], mutates: true }),
  'worker:update': channel<WorkerDetail>()({ input: WorkerUpdateInput, access: ['admin', 'clerk'], mutates: true }),
  'worker:get': channel<WorkerDetail>()({ input: IdParam, access: STAFF, mutates: false }),
  'worker:search': channel<Page<WorkerListItem>>()({ input: WorkerSearchInput, access: STAFF, mutates: false }),
  'worker:history': channel<AuditRow[]>()({ input: IdParam, access: STAFF, mutates: false }),
} satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelParsed<K extends ChannelName> = z.output<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = Exclude<Channels[K]['output'], undefined>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
