import { pino, type Logger as PinoLogger } from 'pino';

export interface LoggerOptions {
  level?: string;
}

/** JSON logs on stdout (pino). LOG_LEVEL sets the level; tests default to silent. */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({
    level,
    // Never write credentials to the log, whatever a plugin logs.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', 'password', 'token'],
      censor: '[redacted]',
    },
  });
}
