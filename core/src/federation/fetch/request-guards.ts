import type { LookupFunction } from 'node:net';
import { RemoteFetchError } from './fetch-error.js';
import type { ResolvedAddress } from './resolve-host.js';

/** https only, or http too where private addresses are allowed; never credentials in a URL. */
export function checkScheme(url: URL, allowPlainHttp: boolean): void {
  if (url.username || url.password) throw new RemoteFetchError('invalid-url', 'URLs with credentials are not used', url.href);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && allowPlainHttp)) return;
  const allowed = allowPlainHttp ? 'https and http' : 'https';
  throw new RemoteFetchError('scheme', `scheme ${url.protocol.replace(/:$/, '')} is not allowed; only ${allowed}`, url.href);
}

/** DNS lookups take no signal; a slow resolver must still end at the deadline. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Node calls this instead of DNS, so the connection goes to the address the guard checked (no
 * rebinding between the check and the connect); TLS still verifies the URL's host name.
 */
export function lookupPinnedTo(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as unknown as LookupFunction;
}

/** Any failure of a guarded request, as a RemoteFetchError saying what went wrong. */
export function asRemoteFetchError(error: unknown, context: { aborted: boolean; timeoutMs: number; url: URL }): RemoteFetchError {
  if (context.aborted && !(error instanceof RemoteFetchError && error.failure !== 'network')) {
    return new RemoteFetchError('timeout', `timed out after ${context.timeoutMs} ms`, context.url.href);
  }
  if (error instanceof RemoteFetchError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new RemoteFetchError('network', `request failed: ${code ? `${code} ` : ''}${(error as Error).message}`, context.url.href);
}

/** The next URL of a redirect, checked before it is followed: within `maxRedirects`, and a URL (its fragment dropped). */
export function redirectTarget(from: URL, location: string, followed: number, maxRedirects: number, status: number): URL {
  if (followed >= maxRedirects) throw new RemoteFetchError('redirects', `more than ${maxRedirects} redirects`, from.href, status);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new RemoteFetchError('invalid-url', `redirected to "${location}", which is not a URL`, from.href);
  }
  next.hash = '';
  return next;
}
