import { userInfo } from 'node:os';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract/channels';
import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import { createEnv, type EnvOptions } from '../core/env';
import { AppError } from '../core/errors';
import { resolveDbPath } from '../core/paths';
import type { Ctx } from '../core/context';
import type { Session } from '../core/sessions';
import { appendAudit } from '../db/repos/audit.repo';
import { isoNow } from '../core/clock';

/** A CLI run acts as an admin named after the OS account, through the same dispatcher as the UI. */
export interface CliRuntime {
  env: Env;
  session: Session;
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
  callResult<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  /** A call in someone else's session (the demo's logged-in users), through the same dispatcher. */
  callAs<K extends ChannelName>(
    token: string | null,
    channel: K,
    input: ChannelInput<K>,
  ): Promise<Result<ChannelOutput<K>>>;
  close(): void;
}

export function openCli(dbFlag: string | undefined, opts: EnvOptions = {}): CliRuntime {
  const env = createEnv(resolveDbPath(dbFlag), opts);
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // Some service accounts have no passwd entry; the audit then just says "unknown".
  }
  const session = env.sessions.create(
    { id: 0, username: `cli:${osUser}`, displayName: '命令行', role: 'admin', institutionId: null },
    env.clock.now().getTime(),
    { noIdleLock: true },
  );
  return {
    env,
    session,
    async call(channel, input) {
      const r = await dispatch(env, session.token, channel, input);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, { fields: r.error.fields, detail: r.error.detail });
      return r.value as never;
    },
    callResult: (channel, input) => dispatch(env, session.token, channel, input) as never,
    callAs: (token, channel, input) => dispatch(env, token, channel, input) as never,
    close: () => env.db.close(),
  };
}

/** A service context for CLI commands that call a service directly (streams, files) rather than a channel. */
export function dispatchCtx(cli: CliRuntime, channel: string): Ctx {
  const { env, session } = cli;
  return {
    ...env,
    session,
    channel,
    audit: (c) =>
      appendAudit(env.db, env.secrets, {
        at: isoNow(env.clock),
        userId: session.user.id,
        username: session.user.username,
        channel,
        action: c.action,
        entity: c.entity,
        entityId: c.entityId === undefined || c.entityId === null ? null : String(c.entityId),
        before: c.before,
        after: c.after,
      }),
  };
}
