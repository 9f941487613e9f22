import type { AppErrorBody, ErrorCode } from '../../shared/contract/result';
import { nulPath } from '../../shared/domain/text';

/** An expected failure with a message for the user; anything else thrown is a bug (INTERNAL). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Pick<AppErrorBody, 'fields' | 'detail'> = {},
    /** Commit what the call wrote before refusing (e.g. a failed login attempt is counted). */
    readonly commitFirst = false,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): AppErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除`);

/**
 * Refuses a file read by a service (a signed package, a registration, a trust bundle, a witness)
 * that holds a NUL in any of its strings. The dispatcher refuses a NUL in a channel's input, but a
 * file arrives as text in which a NUL is still escaped (`\u0000`, or `\\u0000` one level deeper): only
 * the parsed values show it. PostgreSQL cannot store one (the whole package failed as INTERNAL).
 */
export function refuseNul(value: unknown, what: string): void {
  if (nulPath(value) !== null) throw new AppError('VALIDATION', `${what}含有不可见的空字符（NUL），已整体拒绝`);
}
