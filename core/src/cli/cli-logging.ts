import { pino } from 'pino';

/** The level one-shot commands (migrate, create-admin, seed-demo, reindex) log at unless --verbose. */
export const QUIET_LEVEL = 'warn';

/**
 * The log level of a one-shot command: its human output is what a person reads, so the JSON log
 * lines are left out (warnings and errors still show) unless --verbose asks for them, at LOG_LEVEL
 * or info. A LOG_LEVEL quieter than warn (error, silent) is kept.
 */
export function oneShotLogLevel(verbose: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const asked = env.LOG_LEVEL;
  if (verbose) return asked ?? 'info';
  const values = pino.levels.values as Record<string, number>;
  const askedValue = asked === 'silent' ? Infinity : asked ? values[asked] : undefined;
  return askedValue !== undefined && askedValue > values[QUIET_LEVEL]! ? asked! : QUIET_LEVEL;
}
