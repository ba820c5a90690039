import type { JobContext, JobHandler } from '@commonplace/sdk/internal';

export class JobTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`Job "${name}" timed out after ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

export interface Attempt {
  handler: JobHandler;
  payload: unknown;
  context: Omit<JobContext, 'signal'>;
  timeoutMs: number;
  /** Aborts the handler's signal: the process is shutting down (or BullMQ cancelled the job). */
  abortWhen: readonly AbortSignal[];
}

/**
 * Runs one attempt of a handler. Resolves when it succeeds; rejects with its error, with a
 * JobTimeoutError once the time limit passes, or with the abort reason when shutdown aborts it
 * (the handler's signal is aborted so it can stop, but the attempt does not wait for a handler
 * that ignores it).
 */
export async function runAttempt(attempt: Attempt): Promise<void> {
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const forwarders = attempt.abortWhen.map((signal) => {
    const forward = () => abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener('abort', forward, { once: true });
    return () => signal.removeEventListener('abort', forward);
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(attempt.context.name, attempt.timeoutMs);
      abort(error);
      reject(error);
    }, attempt.timeoutMs);
  });
  // Started through a promise so that a handler throwing synchronously is a failed attempt too.
  const handled = Promise.resolve().then(() =>
    attempt.handler(attempt.payload, { ...attempt.context, signal: controller.signal }),
  );
  // After a timeout nobody awaits the handler any more; its late rejection must not crash the process.
  handled.catch(() => undefined);
  // Once aborted (shutdown past its grace, or a timeout), the attempt ends even if the handler ignores
  // its signal, so shutdown can release the job instead of waiting out the time limit.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([handled, timedOut, aborted]);
  } finally {
    clearTimeout(timer);
    for (const stopForwarding of forwarders) stopForwarding();
  }
}

/** Longest last_error kept: enough for a stack, not enough to bloat the table. */
const MAX_ERROR_LENGTH = 4_000;

/** What last_error keeps of a failure: the stack when there is one, since that is what finds the bug. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
