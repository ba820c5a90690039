import type { FastifyRequest } from 'fastify';

/** Paths whose whole query string is withheld: a GET /graphql carries the operation and its variables (a log-in's password), OAuth its codes. */
const SECRET_QUERY_PATHS = /^\/(?:graphql|oauth)(?:[/?]|$)/i;

/** Query parameters withheld wherever they appear: credentials by their usual names. */
const SECRET_PARAMETER = /token|password|passwd|secret|api[-_]?key|signature|^key$|^code$|^auth(?:orization)?$|^auth[-_]/i;

const REDACTED = '[redacted]';

/** Whether a query parameter (or connection-URL option) of this decoded name carries a credential. */
export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name);
}

/**
 * The request URL as the log may show it: the path, and the query string without secrets. A query
 * string that cannot be read is withheld whole rather than guessed at.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const path = url.slice(0, mark);
  const query = url.slice(mark + 1);
  try {
    // Tested decoded, as the router matches it: /%67raphql is /graphql.
    if (SECRET_QUERY_PATHS.test(decodeURIComponent(path))) return `${path}?${REDACTED}`;
    return `${path}?${query
      .split('&')
      .map((pair) => {
        const name = decodeURIComponent(pair.split('=', 1)[0]!.replace(/\+/g, ' '));
        return SECRET_PARAMETER.test(name) ? `${pair.split('=', 1)[0]}=${REDACTED}` : pair;
      })
      .join('&')}`;
  } catch {
    return `${path}?${REDACTED}`;
  }
}

/**
 * The request as a log line may show it: the same request but for its URL, redacted. Whatever
 * serializer the logger has (Fastify's, pino's, an operator's) reads the URL from here.
 */
export function requestForLog(request: FastifyRequest): FastifyRequest {
  const url = redactUrl(request.url);
  return Object.create(request, { url: { value: url, enumerable: true }, originalUrl: { value: url, enumerable: true } }) as FastifyRequest;
}
