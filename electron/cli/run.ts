// The CLI dispatcher: resolves "<command words> --flags" to a command and maps errors to exit codes.
import { AppError } from '../core/errors';
import { commands } from './commands';
import { refuseSecretFlags } from './secrets';
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

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const { words, flags } = parseFlags(args);
  try {
    refuseSecretFlags(flags);
  } catch (e) {
    io.err(`错误：${(e as AppError).message}`);
    return 2;
  }
  for (let n = words.length; n > 0; n--) {
    const cmd = commands[words.slice(0, n).join(' ')];
    if (!cmd) continue;
    try {
      return await cmd.run(flags, io);
    } catch (e) {
      if (e instanceof AppError) {
        if (flags.json) io.out(JSON.stringify({ ok: false, error: e.toBody() }));
        io.err(`错误：${e.message}`);
        return 1;
      }
      io.err(`内部错误：${(e as Error).stack ?? String(e)}`);
      return 2;
    }
  }
  if (words.length) io.err(`未知命令：${words.join(' ')}\n`);
  usage(io);
  return 2;
}
