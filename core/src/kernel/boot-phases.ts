/**
 * Milliseconds spent in each step of boot, logged once the instance is ready: the first place to
 * look when start-up gets slower. `sinceProcessStartMs` includes loading the modules before boot.
 */
export interface BootPhases {
  /** Ends the step running since the last mark (or boot's start), naming it. */
  mark(step: string): void;
  summary(): { bootMs: number; sinceProcessStartMs: number; phases: Record<string, number> };
}

export function bootPhases(): BootPhases {
  const started = performance.now();
  let last = started;
  const phases: Record<string, number> = {};
  return {
    mark(step) {
      const now = performance.now();
      phases[step] = Math.round(now - last);
      last = now;
    },
    summary: () => ({
      bootMs: Math.round(performance.now() - started),
      // performance.now() counts from the process's start.
      sinceProcessStartMs: Math.round(performance.now()),
      phases,
    }),
  };
}
