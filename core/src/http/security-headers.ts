import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options, worked out once at boot. With options that hold no
 * per-request values (no nonces, no directive functions) every response gets the same set, so
 * copying it onto a reply costs a fraction of running helmet's middlewares, which @fastify/helmet
 * builds anew for every request.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  if (hasDirectiveFunctions(options)) throw new Error('a CSP directive computed per request cannot be worked out once');
  const headers: Record<string, string> = {};
  // Just what helmet's middlewares call on a response.
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously; these options need it per request');
  return Object.freeze(headers);
}

function hasDirectiveFunctions(options: HelmetOptions): boolean {
  const policy = options.contentSecurityPolicy;
  const directives = typeof policy === 'object' ? Object.values(policy.directives ?? {}) : [];
  return directives.some((value) => typeof value === 'function' || (Array.isArray(value) && value.some((part) => typeof part === 'function')));
}
