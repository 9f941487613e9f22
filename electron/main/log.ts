// The desktop app's log file: <userData>/logs/main.log, rotated at 5 MB (the previous one is kept
// as main.old.log). electron-log's Node logger is used, not its Electron one, which would also open
// an IPC channel that any page could write to.
import { join } from 'node:path';
import log from 'electron-log/node';

export const LOG_FILE = 'main.log';

type Logger = typeof log;

export interface FileLog {
  file: string;
  info(message: string): void;
  /** The shape of Env.log: services report unexpected errors through it. */
  error(message: string, error: unknown): void;
}

export function startFileLog(logsDir: string, logger: Logger = log): FileLog {
  const file = join(logsDir, LOG_FILE);
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.level = 'info';
  logger.transports.file.maxSize = 5 * 1024 * 1024;
  logger.transports.console.level = 'warn';
  return {
    file,
    info: (message) => logger.info(message),
    error: (message, error) => logger.error(message, error),
  };
}
