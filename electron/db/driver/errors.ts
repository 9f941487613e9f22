// What a database error means, whichever engine raised it.
import type { DbErrorKind } from './types';

interface EngineError {
  code?: unknown;
  message?: unknown;
}

/** SQLite's extended result codes and PostgreSQL's SQLSTATEs, mapped to what the app acts on. */
export function dbErrorKind(e: unknown): DbErrorKind {
  const code = String((e as EngineError | null)?.code ?? '');
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case '23505':
      return 'unique';
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
    case '23503':
      return 'foreignKey';
    case 'SQLITE_CONSTRAINT_CHECK':
    case '23514':
      return 'check';
    case 'SQLITE_CONSTRAINT_NOTNULL':
    case '23502':
      return 'notNull';
    case 'SQLITE_CONSTRAINT_TRIGGER':
    case 'P0001':
      return 'raised';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
    case '55P03': // lock_not_available
      return 'busy';
    default:
      return code.startsWith('SQLITE_CONSTRAINT') || code.startsWith('23') ? 'check' : 'other';
  }
}

/** Whether the database refused the row by one of its own rules (a CHECK, UNIQUE, foreign key, trigger). */
export function isConstraintError(e: unknown): boolean {
  const k = dbErrorKind(e);
  return k === 'unique' || k === 'foreignKey' || k === 'check' || k === 'notNull' || k === 'raised';
}

/** PostgreSQL aborted the transaction so that it can be run again: serialisation failure, deadlock. */
export function isRetryable(e: unknown): boolean {
  const code = String((e as EngineError | null)?.code ?? '');
  return code === '40001' || code === '40P01';
}

/** The message a trigger raised (RAISE(ABORT, …) / RAISE EXCEPTION), for refusals that name it. */
export function raisedMessage(e: unknown): string {
  return String((e as EngineError | null)?.message ?? '');
}
