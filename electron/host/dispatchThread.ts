// Where the host's API calls are answered. In process (the web host, the tests) the dispatcher runs
// on the HTTP thread. The county server moves it to two threads of its own, each with its own
// connection to the same database: TLS, HTTP and JSON then use one core while the database work
// uses the others, which more than doubles what one server process answers (bench/server.bench.ts).
// Everything else of the host (throttling, health, static files) stays on the HTTP thread.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Env } from '../core/context';
import { dispatch, type CallFrom } from '../core/dispatcher';
import type { EnvOptions } from '../core/env';
import type { SessionStore } from '../core/sessions';
import { workerSpec } from '../core/workerSpec';
import { serveSessions } from './remoteSessions';

export interface Dispatcher {
  /** One API call's answer, as the JSON text the host sends. */
  call(token: string | null, channel: string, input: unknown, from: CallFrom): Promise<string>;
  /** Whether `token` names a live session (a signed-in user may send larger bodies). */
  signedIn(token: string | null): Promise<boolean>;
  stop(): Promise<void>;
}

/** The county server's dispatcher, which also says how many calls each thread has answered. */
export interface ThreadedDispatcher extends Dispatcher {
  answered(): { reader: number; writer: number };
}

/** The dispatcher on the caller's own thread, with the caller's Env. */
export function inProcess(env: Env): Dispatcher {
  return {
    call: async (token, channel, input, from) => JSON.stringify(await dispatch(env, token, channel, input, from)),
    signedIn: async (token) => (await env.sessions.peek(token)) !== null,
    stop: async () => undefined,
  };
}

/** What the thread is started with: everything an Env needs that can cross a thread (no clock). */
export interface ThreadData {
  spec: string;
  options: Omit<EnvOptions, 'clock' | 'protector'>;
  passphraseFile: string | null;
  /** Run the hourly housekeeping (services/housekeeping.ts) in the writing thread. */
  housekeeping?: boolean;
}

/** What each thread gets besides: its part, and its end of the port it asks for sessions over. */
export interface ThreadRole {
  role: 'writer' | 'reader';
  sessions: MessagePort;
}

/**
 * The channels the reading thread answers: the window's most frequent calls, which read only the
 * database and the caller's session (no signing key, jobs or files, which live in the writing
 * thread). Every other channel, reads included, goes to the writing thread.
 */
export const READING_THREAD_CHANNELS: ReadonlySet<string> = new Set(['worker:search', 'worker:get']);

export type ToThread =
  | {
      kind: 'call';
      id: number;
      token: string | null;
      channel: string;
      input: unknown;
      from: CallFrom;
    }
  | { kind: 'stop' };

export type ToHost =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  /** role: the thread that answered, as it knows itself (counted by answered()). */
  | { kind: 'answer'; id: number; json: string; role: ThreadRole['role'] }
  | { kind: 'log'; message: string; error: string }
  | { kind: 'stopped' };

const THREAD_GONE = JSON.stringify({
  ok: false,
  error: { code: 'INTERNAL', message: '服务器的数据处理线程已停止，请求未完成。请联系系统管理员重启服务。' },
});

interface Thread {
  ask(m: { kind: 'call' } & Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/** One thread with its own Env; resolves once it has opened the database (or rejects with why not). */
async function startThread(
  code: { code: string; eval: boolean },
  data: ThreadData & ThreadRole,
  log: (message: string, error: string) => void,
  onGone: () => void,
  onAnswer: (m: Extract<ToHost, { kind: 'answer' }>) => void,
): Promise<Thread> {
  const worker = new Worker(code.code, { eval: code.eval, workerData: data, transferList: [data.sessions] });
  const waiting = new Map<number, (json: string) => void>();
  let next = 1;
  let gone = false;
  let stopped: (() => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: ToHost) => {
      if (m.kind === 'answer') {
        onAnswer(m);
        waiting.get(m.id)?.(m.json);
        waiting.delete(m.id);
      } else if (m.kind === 'log') log(m.message, m.error);
      else if (m.kind === 'ready') resolve();
      else if (m.kind === 'failed') reject(new Error(m.message));
      else stopped?.();
    });
    worker.on('error', (e) => {
      log('[dispatch thread] stopped', e.stack ?? e.message);
      reject(e);
    });
    worker.on('exit', () => {
      // Nothing may wait for ever on a thread that is gone: every open call is answered.
      gone = true;
      for (const resolve of waiting.values()) resolve(THREAD_GONE);
      waiting.clear();
      if (stopped) stopped();
      else onGone();
      reject(new Error('服务器的数据处理线程未能启动'));
    });
  });
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    ask: (m) =>
      new Promise<string>((resolve) => {
        if (gone) return resolve(THREAD_GONE);
        const id = next++;
        waiting.set(id, resolve);
        worker.postMessage({ ...m, id });
      }),
    async stop() {
      if (gone) return;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        worker.postMessage({ kind: 'stop' } satisfies ToThread);
      });
      await worker.terminate();
    },
  };
}

/**
 * Starts the county server's two dispatcher threads on `data.spec`, each with its own connection:
 * the writing thread answers every channel but the few the reading thread takes (the searches and
 * opened records that make up most of a window's calls), so that a search does not wait behind a
 * commit. The writing thread owns the sessions, jobs and files as the single process did; the
 * reading thread asks it for sessions (remoteSessions.ts); on PostgreSQL both find them in the
 * database. Waits until both have opened the database (and unlocked the signing key, if a
 * passphrase file is named): a failure there is the start's failure. Null where no thread can be
 * started (the caller then dispatches in process).
 */
export async function startDispatchThreads(
  data: ThreadData,
  /** The HTTP thread's sessions: the threads use them (over a port each) unless the database keeps them. */
  sessions: SessionStore,
  log: (message: string, error: string) => void,
  /**
   * A thread ended without being stopped (a crash): its open calls were answered with an error, and
   * the server should exit so that its service manager restarts it (serverMain does).
   */
  onGone: () => void = () => undefined,
): Promise<ThreadedDispatcher | null> {
  const code = workerSpec(import.meta.url, 'dispatch.worker.ts', 'dispatch.worker.cjs');
  if (!code) return null;
  const port = () => {
    const { port1, port2 } = new MessageChannel();
    serveSessions(port1, sessions);
    port1.unref();
    return port2;
  };
  // One after the other: the first opens (and on a new file migrates and binds) the database alone.
  let started = false;
  const gone = () => {
    if (started) onGone();
  };
  const answered = { reader: 0, writer: 0 };
  const learn = (m: Extract<ToHost, { kind: 'answer' }>) => {
    answered[m.role]++;
  };
  const writer = await startThread(code, { ...data, role: 'writer', sessions: port() }, log, gone, learn);
  let reader: Thread;
  try {
    reader = await startThread(code, { ...data, role: 'reader', sessions: port() }, log, gone, learn);
  } catch (e) {
    await writer.stop();
    throw e;
  }
  started = true;
  const threadFor = (channel: string) => (READING_THREAD_CHANNELS.has(channel) ? reader : writer);
  return {
    call: (token, channel, input, from) => threadFor(channel).ask({ kind: 'call', token, channel, input, from }),
    answered: () => ({ ...answered }),
    signedIn: async (token) => (await sessions.peek(token)) !== null,
    async stop() {
      await Promise.all([reader.stop(), writer.stop()]);
    },
  };
}
