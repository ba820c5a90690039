import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getOperationAST, parse } from 'graphql';
import type { Viewer } from '@commonplace/sdk';
import { IdempotencyStore, type ClaimedKey } from './idempotency-store.js';
import { answerKey } from './sealed-answer.js';

/** Printable ASCII, as the IETF Idempotency-Key draft and Stripe's keys (UUIDs, up to 255 characters). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/**
 * `Idempotency-Key` on POST /graphql mutations of a logged-in viewer: the first request with a key
 * runs and its answer is kept (graphql.idempotencyKeyTtlSeconds); a retry with the same key and
 * the same request gets that answer again, with `Idempotent-Replayed: true`, and runs nothing. The
 * same key with another request is refused (422), and so is a retry while the first is under way
 * (409). Queries and anonymous requests ignore the header: a query changes nothing, and an anonymous
 * mutation (sign-up, log-in) has no account to keep the key under.
 */
export function registerIdempotencyKeys(app: FastifyInstance, store: IdempotencyStore): void {
  const claimed = new WeakMap<FastifyRequest, ClaimedKey>();

  /** Claims the request's key; true when the request has been answered here (replayed or refused). */
  const claimKey = async (request: FastifyRequest, reply: FastifyReply, header: string | string[], viewer: Viewer): Promise<boolean> => {
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      answer(reply, 400, 'BAD_USER_INPUT', 'Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID, say).');
      return true;
    }
    const body = (request.body ?? {}) as GraphQLBody;
    if (!isMutation(body)) return false;
    const key: ClaimedKey = { accountId: viewer.accountId, keyDigest: IdempotencyStore.digest(header), answerKey: answerKey(header, viewer.accountId) };
    const claim = await store.claim(key, requestDigest(body));
    switch (claim.kind) {
      case 'claimed':
        claimed.set(request, key);
        return false;
      case 'replay':
        reply.code(claim.statusCode).header('content-type', 'application/json; charset=utf-8').header('idempotent-replayed', 'true').send(claim.response);
        return true;
      case 'running':
        answer(reply, 409, 'CONFLICT', 'A request with this Idempotency-Key is still running, or was cut off before it answered; retry later, or check whether it took effect before using a new key.');
        return true;
      case 'other-request':
        answer(reply, 422, 'BAD_USER_INPUT', 'This Idempotency-Key was used with a different request; use a new key for a new request.');
        return true;
    }
  };

  // After the request scope's preHandler, which sets the viewer. Callback-style, so the requests
  // without a key (nearly all) cost no promise.
  app.addHook('preHandler', (request, reply, done) => {
    const header = request.headers['idempotency-key'];
    const viewer = request.viewer;
    if (header === undefined || !viewer || request.method !== 'POST' || request.url.split('?')[0] !== '/graphql') return done();
    claimKey(request, reply, header, viewer).then((answered) => {
      if (!answered) done();
    }, done);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const key = claimed.get(request);
    if (!key) return done(null, payload);
    claimed.delete(request);
    // Kept only once the mutation ran, which GraphQL answers 200 even when a resolver failed. A 4xx is
    // a refusal before execution (validation, cost, a control character) and a 5xx may come before
    // it ran: the key is freed, as Stripe keeps no result when its endpoint did not start, so the
    // corrected request may use the same key.
    const kept =
      reply.statusCode >= 400 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))
        ? store.release(key)
        : store.complete(key, reply.statusCode, payload.toString());
    // The mutation's own answer goes out even when keeping it failed; its key then stays 'running' (409) until it expires.
    kept.catch((error: unknown) => request.log.error({ err: error }, 'could not keep the answer for an Idempotency-Key')).then(() => done(null, payload));
  });
}

/** A mutation, by the operation the request names; anything unparsable is left to GraphQL to refuse. */
function isMutation(body: GraphQLBody): boolean {
  if (typeof body.query !== 'string') return false;
  try {
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    return getOperationAST(parse(body.query), operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/** The request as GraphQL sees it: the query, the operation, the variables whatever their key order. */
function requestDigest(body: GraphQLBody): string {
  return createHash('sha256')
    .update(JSON.stringify([body.query, body.operationName ?? null, sortedKeys(body.variables ?? null)]))
    .digest('hex');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((name) => [name, sortedKeys((value as Record<string, unknown>)[name])]),
  );
}

function answer(reply: FastifyReply, status: number, code: string, message: string): void {
  reply.code(status).send({ data: null, errors: [{ message, extensions: { code, field: 'Idempotency-Key' } }] });
}
