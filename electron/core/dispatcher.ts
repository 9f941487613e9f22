import type { z } from 'zod';
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { COUNTY_ONLY_MESSAGE, isCountyOnlyChannel, ROLE_LABELS } from '../../shared/contract/roles';
import type { Result } from '../../shared/contract/result';
import '../../shared/contract/zodLocale';
import { dbErrorKind } from '../db/driver/errors';
import { sessionSettings } from '../db/repos/settings.repo';
import { addIdempotency, dropIdempotency, idempotencyOf, putIdempotency } from '../db/repos/server.repo';
import type { WriteTx } from '../db/driver/types';
import { isoNow } from './clock';
import { beforeWrite, handlers, sharedWrites } from '../services';
import { PasswordWork } from './password';
import { jobCtx, readCtx, stillLive, writeCtx, type CallOf } from './callContext';
import type { ClientInfo, Env } from './context';
import { AppError } from './errors';
import { nulPath, NUL_MESSAGE } from '../../shared/domain/text';
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
  if (session.user.townships.length > 0 && isCountyOnlyChannel(name)) return fail('FORBIDDEN', COUNTY_ONLY_MESSAGE);
  if (session.mustChangePassword && !INITIAL_PASSWORD_CHANNELS.has(name)) return fail('FORBIDDEN', INITIAL_PASSWORD);
  return null;
}

/**
 * What a session whose password an admin set may do before its user chose one: the admin knows
 * that password, so it must not serve for anything but replacing it (the screens ask first; this
 * holds for every transport).
 */
const INITIAL_PASSWORD_CHANNELS: ReadonlySet<ChannelName> = new Set([
  'auth:changePassword',
  'auth:logout',
  'auth:lock',
  'auth:unlock',
]);
const INITIAL_PASSWORD = '请先修改初始密码：管理员设置的密码只能用来登录并设置您自己的密码';

/** Who calls from where, and the key that makes a retried write happen once (see `once`). */
export interface CallFrom extends ClientInfo {
  idempotencyKey?: string | undefined;
}

const KEY_FORMAT = /^[A-Za-z0-9_-]{16,100}$/;
const REPLAY = Symbol('replay');
type Replay = { [REPLAY]: unknown };
const isReplay = (v: unknown): v is Replay => typeof v === 'object' && v !== null && REPLAY in v;

/**
 * A retry of a write whose answer was lost (the desktop client resends with the same
 * Idempotency-Key): the first result, or a refusal while the first is still running.
 */
async function seenBefore(tx: WriteTx, userId: number, key: string, name: string): Promise<Replay | null> {
  const seen = await idempotencyOf(tx, userId, key);
  if (!seen) return null;
  if (seen.channel !== name) throw new AppError('VALIDATION', '同一个请求编号（Idempotency-Key）已用于另一项操作');
  if (seen.state === 'pending') throw new AppError('CONFLICT', '同一请求正在处理中，请稍候查看结果，不要重复提交');
  return { [REPLAY]: JSON.parse(seen.result_json!) as unknown };
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
  from: CallFrom = { address: null, kind: 'system' },
): Promise<Result<unknown>> {
  const client: ClientInfo = { address: from.address, kind: from.kind };
  try {
    if (!isChannelName(name)) return fail('UNKNOWN_CHANNEL', `未知的接口：${String(name).slice(0, 60)}`);
    const { session, ended } = await resolveSession(env, token, await sessionSettings(env.db.reader));
    // Public channels go on as for anyone logged out (auth:session reports why, auth:login works).
    if (ended && channels[name].access !== 'public') {
      return fail('UNAUTHENTICATED', ended, { detail: { sessionEnded: true } });
    }
    const denied = checkAccess(name, session);
    if (denied) return denied;
    const def = channels[name];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toBody() };
    const nulAt = nulPath(parsed.data);
    if (nulAt !== null) return fail('VALIDATION', NUL_MESSAGE, { fields: { [nulAt]: NUL_MESSAGE } });
    const handler = handlers[name] as AnyHandler;
    const call: CallOf = {
      session,
      channel: name,
      client,
      ...(ended ? { sessionEnded: ended } : {}),
      passwords: new PasswordWork(),
    };
    const key = def.mutates && session && session.user.id > 0 ? from.idempotencyKey : undefined;
    if (key !== undefined && !KEY_FORMAT.test(key))
      return fail('VALIDATION', '请求编号（Idempotency-Key）格式无效：应为 16–100 位字母、数字、“-”或“_”');
    const keyed = key === undefined ? null : { userId: session!.user.id, key, channel: name };

    if (def.mutates === true) {
      const before = beforeWrite[name] as ((ctx: unknown, input: unknown) => Promise<void>) | undefined;
      // A retry under a key already used is answered (or refused) by the transaction before any
      // password is checked: it gets no work either, which would tell a right password from a wrong.
      const retried =
        before !== undefined &&
        keyed !== null &&
        (await idempotencyOf(env.db.reader, keyed.userId, keyed.key)) !== undefined;
      if (before && !retried) await before(readCtx(env, call), parsed.data);
      let deferred: AppError | null = null;
      const value = await env.db.write(
        async (tx) => {
          deferred = null;
          if (def.access !== 'public') await stillLive(env.sessions.within(tx), session);
          if (keyed) {
            const replay = await seenBefore(tx, keyed.userId, keyed.key, name);
            if (replay) return replay;
          }
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
          if (keyed)
            await addIdempotency(tx, { ...keyed, resultJson: JSON.stringify(out ?? null), at: isoNow(env.clock) });
          return out;
        },
        { shared: sharedWrites.has(name) },
      );
      if (deferred) return { ok: false, error: (deferred as AppError).toBody() };
      return { ok: true, value: isReplay(value) ? value[REPLAY] : value };
    }
    if (keyed) {
      // A job's work runs outside one transaction: the key is taken first (pending), so that a
      // retry arriving meanwhile does not start the same work twice.
      const replay = await env.db.write(async (tx) => {
        const r = await seenBefore(tx, keyed.userId, keyed.key, name);
        if (!r) await putIdempotency(tx, { ...keyed, state: 'pending', resultJson: null, at: isoNow(env.clock) });
        return r;
      });
      if (replay) return { ok: true, value: replay[REPLAY] };
    }
    const ctx = def.mutates === 'job' ? jobCtx(env, call) : readCtx(env, call);
    let value: unknown;
    try {
      value = await handler(ctx, parsed.data);
      await ctx.flush();
    } catch (e) {
      if (keyed) await env.db.write((tx) => dropIdempotency(tx, keyed.userId, keyed.key));
      throw e;
    }
    if (keyed) {
      const resultJson = JSON.stringify(value ?? null);
      await env.db.write((tx) => putIdempotency(tx, { ...keyed, state: 'done', resultJson, at: isoNow(env.clock) }));
    }
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
