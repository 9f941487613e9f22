import { AppError } from '../../core/errors';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export type Flags = Record<string, string | string[] | boolean | undefined>;
export type Command = (flags: Flags, io: CliIo) => Promise<number>;
export type CommandTable = Record<string, { usage: string; run: Command }>;

export function str(flags: Flags, name: string, required: true): string;
export function str(flags: Flags, name: string, required?: false): string | undefined;
export function str(flags: Flags, name: string, required = true): string | undefined {
  const given = flags[name];
  const v = Array.isArray(given) ? given[given.length - 1] : given;
  if (typeof v === 'string' && v !== '') return v;
  if (required) throw new AppError('VALIDATION', `缺少参数 --${name}`);
  return undefined;
}

/** Every value of a flag that may be repeated (--set A=1 --set B=2). */
export function list(flags: Flags, name: string): string[] {
  const v = flags[name];
  if (v === undefined) return [];
  if (v === true || v === false) throw new AppError('VALIDATION', `参数 --${name} 缺少取值`);
  return Array.isArray(v) ? v : [v];
}

export function int(flags: Flags, name: string, fallback: number): number {
  const given = flags[name];
  const v = Array.isArray(given) ? given[given.length - 1] : given;
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION', `参数 --${name} 应为非负整数`);
  return n;
}
