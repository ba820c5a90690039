import { sendSigned, type SignedRequest } from './signed-load.js';

export interface WarmUpSettings {
  connections: number;
  /** Length of each window whose rate is compared. */
  windowSeconds: number;
  /** Load before the rate is looked at: the first requests fetch keys and open pools. */
  minSeconds: number;
  /** Stop here even if the rate is still climbing. */
  maxSeconds: number;
  /** A window more than this fraction above the two before it is still climbing. */
  tolerance: number;
}

export interface WarmUp {
  seconds: number;
  /** accepted/s in each window, in order. */
  windowRates: number[];
  /** True when it stopped at maxSeconds with the rate still climbing. */
  stillClimbing: boolean;
}

/**
 * True once the rate has stopped climbing: the last window is no more than `tolerance` above the mean
 * of the two before it. A JIT compiler and fresh database connections make a server's first seconds
 * slower than its steady state, by how much depends on the machine (measured: 3-6 s on a slow one).
 */
export function rateSettled(windowRates: readonly number[], tolerance: number): boolean {
  if (windowRates.length < 3) return false;
  const [before, previous, last] = windowRates.slice(-3) as [number, number, number];
  return last <= ((before + previous) / 2) * (1 + tolerance);
}

/** Load in windows until the server's rate settles (after minSeconds) or maxSeconds have passed. */
export async function warmUntilSettled(port: number, next: () => SignedRequest | undefined, settings: WarmUpSettings): Promise<WarmUp> {
  const windowRates: number[] = [];
  let seconds = 0;
  while (seconds < settings.maxSeconds) {
    const window = await sendSigned(port, next, { connections: settings.connections, seconds: settings.windowSeconds });
    seconds += window.seconds;
    windowRates.push(window.acceptedPerSecond);
    if (window.poolExhausted) break;
    if (seconds >= settings.minSeconds && rateSettled(windowRates, settings.tolerance)) return { seconds, windowRates, stillClimbing: false };
  }
  return { seconds, windowRates, stillClimbing: !rateSettled(windowRates, settings.tolerance) };
}
