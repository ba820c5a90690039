import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import type { Redis } from 'ioredis';
import type { Logger as PinoLogger } from 'pino';
import { isCommonplaceError, type InstanceSettings } from '@commonplace/sdk/internal';
import { OneLinePerRequest } from './request-log.js';
import { isRefusedForRateLimit, registerRateLimit } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export interface HttpAppOptions {
  settings: InstanceSettings;
  logger: PinoLogger;
  /** Shared rate-limit counters across web processes; in memory when absent (one process). */
  redis?: Redis;
  /** Request headers browsers may send besides core's own (plugins' log-in headers). */
  allowedHeaders?: readonly string[];
}

const CORE_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id', 'Idempotency-Key'];

/** helmet's defaults, with our content security policy. */
const SECURITY_HEADERS = securityHeaders({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
    },
  },
  // Federated documents and media are fetched by other servers and browsers on other origins.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
});

/**
 * The Fastify app with the cross-cutting parts every route gets: request ids, security headers,
 * CORS, a body limit, rate limiting, and errors that always say what went wrong.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const { settings } = options;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // A request refused for the rate limit writes no line: registerRateLimit logs the client once a window.
    logController: new OneLinePerRequest({ disableRequestLogging: isRefusedForRateLimit }),
    bodyLimit: settings.http.bodyLimitBytes,
    trustProxy: settings.http.trustProxy,
    // A client's X-Request-Id is kept (to follow a request across services) only when it looks like one.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    // Give in-flight requests the grace period on shutdown, then close idle keep-alive sockets.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  // Every response, 404s and errors included; a route may still set its own (GraphiQL's policy).
  // Callback-style hooks: an async one costs every request a promise, and the inbox's profile showed them.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('x-request-id', request.id);
    done();
  });
  await app.register(cors, {
    origin: settings.http.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowedHeaders: [...new Set([...CORE_ALLOWED_HEADERS, ...(options.allowedHeaders ?? [])])],
    exposedHeaders: ['X-Request-Id', 'Idempotent-Replayed', 'Retry-After'],
    maxAge: 600,
  });
  await registerRateLimit(app, settings.http.rateLimit, {
    ...(options.redis ? { redis: options.redis } : {}),
    // Health probes must never be throttled.
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isCommonplaceError(error)) {
      return reply.status(error.httpStatus).send({ error: error.code, code: error.code, message: error.message, ...error.extensions });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' });
    }
    return reply.status(status).send({ statusCode: status, error: httpReason(status), code: error.code, message: error.message });
  });

  app.setNotFoundHandler((request, reply) => {
    const page = htmlNotFoundPages.get(app);
    if (page && wantsHtml(request)) return page(request, reply);
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` });
  });

  return app;
}

/** The web front end's 404 page for browsers (registerWebFrontEnd sets it); API clients keep the JSON answer. */
export const htmlNotFoundPages = new WeakMap<FastifyInstance, (request: FastifyRequest, reply: FastifyReply) => unknown>();

function wantsHtml(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !!request.headers.accept?.includes('text/html');
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
  };
  return reasons[status] ?? 'Error';
}
