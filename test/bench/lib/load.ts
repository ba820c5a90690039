import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  /** Requests per second answered 2xx with the expected body. */
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx answers, wrong bodies, socket errors and timeouts, when there were any. */
  problems: string[];
}

/**
 * POSTs `body` to `url` (127.0.0.1 only) with autocannon: a short warm-up run, then the measured
 * run. Every answer must be byte-for-byte `expectBody`, or it is counted as a problem.
 */
export async function postLoad(
  url: string,
  request: { body: string; headers: Record<string, string>; expectBody: string },
  settings: LoadSettings,
): Promise<LoadResult> {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`load tests only target 127.0.0.1, not ${url}`);
  const options = { url, method: 'POST' as const, connections: settings.connections, ...request };
  await autocannon({ ...options, duration: settings.warmupSeconds });
  const result = await autocannon({ ...options, duration: settings.durationSeconds });

  const good = result['2xx'] - result.mismatches;
  const problems = [
    [result.non2xx, 'non-2xx'],
    [result.mismatches, 'unexpected bodies'],
    [result.errors, 'errors'],
    [result.timeouts, 'timeouts'],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, what]) => `${count} ${what}`);
  return { requestsPerSecond: good / result.duration, p99Ms: result.latency.p99, problems };
}
