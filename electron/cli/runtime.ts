import { userInfo } from 'node:os';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract/channels';
import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch } from '../core/dispatcher';
import { createEnv, type EnvOptions } from '../core/env';
import { AppError } from '../core/errors';
import { resolveDbPath } from '../core/paths';
import type { JobCtx } from '../core/context';
import type { Session } from '../core/sessions';
import { jobCtx, type CallOf } from '../core/callContext';

/** A CLI run acts as an admin named after the OS account, through the same dispatcher as the UI. */
export interface CliRuntime {
  env: Env;
  session: Session;
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>>;
  callResult<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>;
  close(): Promise<void>;
  /** A call in someone else's session (the demo's logged-in users), through the same dispatcher. */
  callAs<K extends ChannelName>(
    token: string | null,
    channel: K,
    input: ChannelInput<K>,
  ): Promise<Result<ChannelOutput<K>>>;
}

export async function openCli(dbFlag: string | undefined, opts: EnvOptions = {}): Promise<CliRuntime> {
  const env = await createEnv(resolveDbPath(dbFlag), { stores: 'memory', ...opts });
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // Some service accounts have no passwd entry; the audit then just says "unknown".
  }
  const session = await env.sessions.create(
    { id: 0, username: `cli:${osUser}`, displayName: '命令行', role: 'admin', institutionId: null },
    env.clock.now().getTime(),
    { noIdleLock: true },
  );
  return {
    env,
    session,
    async call(channel, input) {
      const r = await dispatch(env, session.token, channel, input, { address: null, kind: 'cli' });
      if (!r.ok) throw new AppError(r.error.code, r.error.message, { fields: r.error.fields, detail: r.error.detail });
      return r.value as never;
    },
    callResult: async (channel, input) =>
      (await dispatch(env, session.token, channel, input, { address: null, kind: 'cli' })) as never,
    close: () => env.db.close(),
    callAs: async (token, channel, input) =>
      (await dispatch(env, token, channel, input, { address: null, kind: 'cli' })) as never,
  };
}

/** The CLI's call, for commands that use a service directly (streams, files) rather than a channel. */
export function cliCall(cli: CliRuntime, channel: string): CallOf {
  return { session: cli.session, channel, client: { address: null, kind: 'cli' } };
}

/** A job context (reads now, writes through the runner) for CLI commands that call a service directly. */
export function cliJobCtx(cli: CliRuntime, channel: string): JobCtx {
  return jobCtx(cli.env, cliCall(cli, channel));
}
