import type { z } from 'zod';
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { ROLE_LABELS } from '../../shared/contract/roles';
import type { Result } from '../../shared/contract/result';
import '../../shared/contract/zodLocale';
import { dbErrorKind } from '../db/driver/errors';
import { getSettings } from '../db/repos/settings.repo';
import { handlers } from '../services';
import { jobCtx, readCtx, writeCtx, type CallOf } from './callContext';
import type { ClientInfo, Env } from './context';
import { AppError } from './errors';
import { resolveSession } from './sessionCheck';
import type { Session } from './sessions';

function fail(code: AppError['code'], message: string, extra?: AppError['extra']): Result<never> {
  return { ok: false, error: new AppError(code, message, extra).toBody() };
}

export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return new AppError('VALIDATION', Object.values(fields)[0] ?? '输入有误', { fields });
}

function checkAccess(name: ChannelName, session: Session | null): Result<never> | null {
  const def = channels[name];
  if (def.access === 'public') return null;
  if (!session) return fail('UNAUTHENTICATED', '请先登录');
  if (session.locked && !def.whileLocked) return fail('LOCKED', '屏幕已锁定，请输入密码解锁');
  if (Array.isArray(def.access) && !def.access.includes(session.user.role)) {
    return fail('FORBIDDEN', `当前角色（${ROLE_LABELS[session.user.role]}）无权执行此操作`);
  }
  return null;
}

/** The channel's handler, typed loosely here: the contract and `handlers` check each pair. */
type AnyHandler = (ctx: unknown, input: unknown) => unknown;

/**
 * The single entry point of every transport: session and role, input validation, the service
 * call (in one write transaction with its audit rows when it writes), and the result envelope.
 */
export async function dispatch(
  env: Env,
  token: string | null | undefined,
  name: unknown,
  input: unknown,
  client: ClientInfo = { address: null, kind: 'system' },
): Promise<Result<unknown>> {
  try {
    if (!isChannelName(name)) return fail('UNKNOWN_CHANNEL', `未知的接口：${String(name).slice(0, 60)}`);
    const { session, ended } = await resolveSession(env, token, await getSettings(env.db.reader));
    // Public channels go on as for anyone logged out (auth:session reports why, auth:login works).
    if (ended && channels[name].access !== 'public') {
      return fail('UNAUTHENTICATED', ended, { detail: { sessionEnded: true } });
    }
    const denied = checkAccess(name, session);
    if (denied) return denied;
    const def = channels[name];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toBody() };
    const handler = handlers[name] as AnyHandler;
    const call: CallOf = { session, channel: name, client, ...(ended ? { sessionEnded: ended } : {}) };

    if (def.mutates === true) {
      let deferred: AppError | null = null;
      const value = await env.db.write(async (tx) => {
        deferred = null;
        const ctx = writeCtx(env, call, tx);
        let out: unknown;
        try {
          out = await handler(ctx, parsed.data);
        } catch (e) {
          // Some refusals must still keep what was recorded (a failed login attempt counts).
          if (e instanceof AppError && e.commitFirst) {
            deferred = e;
            return null;
          }
          throw e;
        }
        if (ctx.audited === 0) await ctx.audit({ action: name.split(':')[1]!, entity: name.split(':')[0]! });
        return out;
      });
      if (deferred) return { ok: false, error: (deferred as AppError).toBody() };
      return { ok: true, value };
    }
    const ctx = def.mutates === 'job' ? jobCtx(env, call) : readCtx(env, call);
    const value = await handler(ctx, parsed.data);
    await ctx.flush();
    return { ok: true, value };
  } catch (e) {
    return toFailure(env, name, e);
  }
}

export function toFailure(env: Env, name: unknown, e: unknown): Result<never> {
  if (e instanceof AppError) return { ok: false, error: e.toBody() };
  const kind = dbErrorKind(e);
  if (kind === 'busy') return fail('BUSY', '数据库正忙（另一个程序正在写入），操作未完成，请稍后重试');
  // Two windows doing the same thing at once: the database's own rule refused the second.
  if (kind === 'unique') return fail('CONFLICT', '该记录已被他人同时登记或修改，操作未完成，请刷新后重试');
  (env.log ?? ((m, err) => console.error(m, err)))(`[dispatch] ${String(name)} failed`, e);
  return fail('INTERNAL', '系统内部错误，操作未完成，数据未改动。请联系系统管理员。');
}
