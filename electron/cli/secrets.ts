// How the CLI takes a password or a key passphrase: from a prompt that does not echo, from standard
// input, or from the environment — never from its arguments, which every user of the machine can
// read while the command runs (ps, /proc/PID/cmdline) and which the shell keeps in its history.
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../core/errors';
import { KEY_PASSPHRASE_ENV } from '../services/keys/keyRing';
import { activeKey } from '../db/repos/key.repo';
import type { CliRuntime } from './runtime';
import type { Flags } from './commands/types';

export interface SecretKind {
  /** The flag that used to carry it, now refused. */
  flag: 'password' | 'passphrase';
  stdinFlag: 'password-stdin' | 'passphrase-stdin';
  envVar: string;
  label: string;
}

export const ADMIN_PASSWORD: SecretKind = {
  flag: 'password',
  stdinFlag: 'password-stdin',
  envVar: 'LONGLING_ADMIN_PASSWORD',
  label: '管理员密码',
};
export const KEY_PASSPHRASE: SecretKind = {
  flag: 'passphrase',
  stdinFlag: 'passphrase-stdin',
  envVar: KEY_PASSPHRASE_ENV,
  label: '签名密钥口令',
};

/** What to use instead, for the messages. */
export const howToGive = (k: SecretKind) =>
  `直接运行并在提示时输入（不回显）；或加 --${k.stdinFlag} 从标准输入读取（例如 printf '%s\\n' "$口令" | npm run -s cli -- … --${k.stdinFlag}）；或设置环境变量 ${k.envVar}`;

/** --password / --passphrase are refused before any command runs, saying what to use instead. */
export function refuseSecretFlags(flags: Flags): void {
  for (const k of [ADMIN_PASSWORD, KEY_PASSPHRASE]) {
    if (k.flag in flags) {
      throw new AppError(
        'VALIDATION',
        `不接受命令行参数 --${k.flag}：命令行参数在命令运行时本机其他用户都能看到，还会留在命令历史里。请改用以下方式提供${k.label}：${howToGive(k)}。`,
      );
    }
  }
}

/** A terminal that can stop echoing (process.stdin when it is a TTY). */
export interface TtyInput extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Asks for a secret on a terminal without echoing it: raw mode, so nothing typed is shown, with
 * Backspace and Ctrl+C. Node has no hidden prompt of its own and this is all one needs.
 */
export function promptHidden(question: string, input: TtyInput, output: Writable): Promise<string> {
  return new Promise((ok, fail) => {
    // Echo off before the question shows: whatever is typed as soon as it appears is not echoed
    // (the other way round, a quick typist's secret could reach the screen).
    input.setRawMode!(true);
    output.write(question);
    input.setEncoding('utf8');
    input.resume();
    let value = '';
    const done = (error?: AppError) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) fail(error);
      else ok(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new AppError('VALIDATION', '已取消输入'));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of standard input (a trailing newline, as `echo` and files have, is not part of it). */
async function firstLineOfStdin(input: Readable, k: SecretKind): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new AppError('VALIDATION', `--${k.stdinFlag}：标准输入中没有读到${k.label}`);
  return line;
}

export interface SecretIo {
  input: TtyInput;
  output: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const processIo = (): SecretIo => ({ input: process.stdin, output: process.stderr, env: process.env });

/**
 * The secret from --…-stdin, else the environment, else a prompt when there is a terminal; undefined
 * when none of them can give it (the caller says what is missing). `confirm` asks twice at a prompt.
 */
export async function readSecret(
  k: SecretKind,
  flags: Flags,
  opts: { confirm?: boolean; io?: SecretIo } = {},
): Promise<string | undefined> {
  const io = opts.io ?? processIo();
  const interactive = io.input.isTTY === true && typeof io.input.setRawMode === 'function';
  if (flags[k.stdinFlag] !== undefined && !interactive) return firstLineOfStdin(io.input, k);
  const fromEnv = io.env[k.envVar];
  if (fromEnv && flags[k.stdinFlag] === undefined) return fromEnv;
  if (!interactive) return undefined;
  const first = await promptHidden(`请输入${k.label}：`, io.input, io.output);
  if (opts.confirm && (await promptHidden(`请再次输入${k.label}：`, io.input, io.output)) !== first) {
    throw new AppError('VALIDATION', `两次输入的${k.label}不一致`);
  }
  return first;
}

/** Like readSecret, but a secret that cannot be had is an error saying how to give it. */
export async function requireSecret(
  k: SecretKind,
  flags: Flags,
  opts: { confirm?: boolean; io?: SecretIo } = {},
): Promise<string> {
  const secret = await readSecret(k, flags, opts);
  if (secret === undefined) throw new AppError('VALIDATION', `需要${k.label}：${howToGive(k)}`);
  return secret;
}

/** The key passphrase given with --passphrase-stdin, to hand to openCli (the environment is read there). */
export async function passphraseFromStdin(flags: Flags, io?: SecretIo): Promise<string | undefined> {
  return flags[KEY_PASSPHRASE.stdinFlag] === undefined ? undefined : await readSecret(KEY_PASSPHRASE, flags, { io });
}

/**
 * Before a command that signs: a passphrase-protected key not unlocked by the environment or stdin is
 * asked for at the terminal. Without a terminal the service's own refusal says what is missing.
 */
export async function unlockForSigning(cli: CliRuntime, flags: Flags, io: SecretIo = processIo()): Promise<void> {
  const key = await activeKey(cli.env.db.reader);
  if (!key || key.protection !== 'passphrase' || (await cli.env.keyring.tryAutoUnlock(cli.env.db.reader))) return;
  // Given, yet the key did not open: say which one was wrong rather than ask again.
  if (flags[KEY_PASSPHRASE.stdinFlag] !== undefined) {
    throw new AppError('VALIDATION', '从标准输入读到的签名密钥口令不正确');
  }
  if (io.env[KEY_PASSPHRASE.envVar]) {
    throw new AppError('VALIDATION', `环境变量 ${KEY_PASSPHRASE.envVar} 中的签名密钥口令不正确`);
  }
  const passphrase = await readSecret(KEY_PASSPHRASE, flags, { io });
  if (passphrase !== undefined) await cli.call('keys:unlock', { passphrase });
}
