// One of the county server's two dispatcher threads (see dispatchThread.ts): its own Env on the same
// database, answering the host's API calls as JSON text, so that the HTTP thread spends its time on
// TLS and HTTP while these spend theirs on the database.
import { parentPort, workerData } from 'node:worker_threads';
import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { dispatch, type CallFrom } from '../core/dispatcher';
import { createEnv, type EnvOptions } from '../core/env';
import { MemorySessionStore } from '../core/sessions';
import { startHousekeeping } from '../services/housekeeping';
import { unlockFromFile } from '../services/keys/keyFile';
import type { ThreadData, ThreadRole, ToHost, ToThread } from './dispatchThread';
import { RemoteSessionStore } from './remoteSessions';

const port = parentPort!;
const post = (m: ToHost) => port.postMessage(m);
const { spec, options, passphraseFile, sessions, role, housekeeping } = workerData as ThreadData & ThreadRole;

const INTERNAL: Result<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: '系统内部错误，请求未完成。请联系系统管理员。' },
};

async function answer(env: Env, m: Extract<ToThread, { kind: 'call' }>): Promise<string> {
  try {
    return JSON.stringify(await dispatch(env, m.token, m.channel, m.input, m.from as CallFrom));
  } catch (e) {
    // dispatch answers every refusal itself; anything that still escapes is logged, not leaked.
    env.log?.(`[dispatch thread] ${m.channel} failed`, e);
    return JSON.stringify(INTERNAL);
  }
}

async function start(): Promise<void> {
  let env: Env;
  try {
    env = await createEnv(spec, options as EnvOptions);
    env.log = (message, error) =>
      post({ kind: 'log', message, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await unlockFromFile(env.db.reader, env.keyring, passphraseFile);
    // Sessions kept in memory are the HTTP thread's, shared by both threads (remoteSessions.ts);
    // on PostgreSQL every thread finds them in the database.
    if (env.sessions instanceof MemorySessionStore) env.sessions = new RemoteSessionStore(sessions);
    else sessions.close();
  } catch (e) {
    post({ kind: 'failed', message: (e as Error).message });
    return;
  }
  // The hourly upkeep (expiry, witness, backup) writes: it runs where the writes are.
  const stopHousekeeping = role === 'writer' && housekeeping ? startHousekeeping(env) : () => undefined;
  port.on('message', (m: ToThread) => {
    if (m.kind === 'call') void answer(env, m).then((json) => post({ kind: 'answer', id: m.id, json, role }));
    else if (m.kind === 'stop') {
      stopHousekeeping();
      void env.db
        .close()
        .catch(() => undefined)
        .then(() => post({ kind: 'stopped' }));
    }
  });
  post({ kind: 'ready' });
}

await start();
