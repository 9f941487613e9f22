import type { AppErrorBody, ErrorCode } from '../../shared/contract/result';

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
