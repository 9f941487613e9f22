// The CLI dispatcher: resolves "<command words> --flags" to a command and maps errors to exit codes.
import { AppError } from '../core/errors';
import { commands } from './commands';
import type { AppErrorBody } from '../../shared/contract/result';
import { howToGive, KEY_PASSPHRASE, refuseSecretFlags } from './secrets';
import type { CliIo, Flags } from './commands/types';

export function parseFlags(args: string[]): { words: string[]; flags: Flags } {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const next = args[i + 1];
      let value: string | true = true;
      if (inline !== undefined) value = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
      // A repeated flag (--set A=1 --set B=2) keeps every value; `str` reads the last, `list` all.
      const prev = flags[name];
      flags[name] =
        typeof value === 'string' && prev !== undefined && typeof prev !== 'boolean'
          ? [...(Array.isArray(prev) ? prev : [prev]), value]
          : value;
    } else words.push(a);
  }
  return { words, flags };
}

function usage(io: CliIo) {
  io.err('用法：npm run cli -- <命令> [参数]\n');
  for (const c of Object.values(commands)) io.err(`  ${c.usage}`);
}

/**
 * A refusal in the CLI's own words where its remedy differs from the UI's: a signing key that is
 * not unlocked is given its passphrase here, not in 系统管理 → 签名密钥.
 */
export function cliErrorBody(e: AppError): AppErrorBody {
  const body = e.toBody();
  const purpose = body.detail?.keyLocked === true ? body.detail.purpose : undefined;
  if (typeof purpose !== 'string') return body;
  return { ...body, message: `签名密钥未解锁，不能${purpose}。请提供签名密钥口令：${howToGive(KEY_PASSPHRASE)}` };
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const { words, flags } = parseFlags(args);
  // With --json, whatever goes wrong is one JSON object on stdout and nothing else, so that a
  // script reading the output can always parse it; the exit code stays the same.
  const fail = (body: AppErrorBody, exit: number, text = `错误：${body.message}`) => {
    if (flags.json) io.out(JSON.stringify({ ok: false, error: body }));
    else io.err(text);
    return exit;
  };
  try {
    refuseSecretFlags(flags);
  } catch (e) {
    return fail((e as AppError).toBody(), 2);
  }
  for (let n = words.length; n > 0; n--) {
    const cmd = commands[words.slice(0, n).join(' ')];
    if (!cmd) continue;
    try {
      return await cmd.run(flags, io);
    } catch (e) {
      if (e instanceof AppError) return fail(cliErrorBody(e), 1);
      const message = `内部错误：${(e as Error)?.message ?? String(e)}`;
      return fail({ code: 'INTERNAL', message }, 2, `内部错误：${(e as Error)?.stack ?? String(e)}`);
    }
  }
  if (flags.json) {
    const message = words.length ? `未知命令：${words.join(' ')}` : '缺少命令：npm run cli -- <命令> [参数]';
    return fail({ code: 'VALIDATION', message }, 2);
  }
  if (words.length) io.err(`未知命令：${words.join(' ')}\n`);
  usage(io);
  return 2;
}
