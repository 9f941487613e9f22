// The envelope every channel returns, over IPC and over HTTP alike.

export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'LOCKED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE'
  | 'BUSY'
  | 'INTERNAL'
  /** Desktop app connected to the county server: no answer came (network, server down, certificate not the pinned one). */
  | 'UNREACHABLE';

export interface AppErrorBody {
  code: ErrorCode;
  /** User-facing, in Chinese. */
  message: string;
  /** Per-field messages for forms, keyed by dotted path. */
  fields?: Record<string, string>;
  /** Extra machine-readable detail, e.g. the id of an existing record. */
  detail?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorBody };
