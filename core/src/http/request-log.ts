import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { requestForLog } from './redact-url.js';

/**
 * One log line per request, written when it completes: what was asked (method, URL, client), the
 * status and the time taken. Fastify's default also writes an "incoming request" line, which only
 * repeats what this one says and, under load, is a measurable share of every request's cost.
 * Routes with a `logLevel` above info (the health probes) still write nothing. The URL is logged
 * without the secrets a query string may carry (redact-url.ts).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) {
      reply.log.error({ req: requestForLog(request), res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    } else {
      reply.log.info({ req: requestForLog(request), res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}
