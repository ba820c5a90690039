/** The structured logger (pino in core). Child loggers carry bindings such as the plugin id. */
export interface LogFn {
  (message: string): void;
  (bindings: Record<string, unknown>, message?: string): void;
}

export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
