import type { FastifyInstance } from 'fastify';
import { findControlCharacter } from '@commonplace/sdk/internal';

/**
 * Text that comes in over plain HTTP routes (WebFinger's `resource`, a page's query, a plugin's JSON
 * body, a path segment) with a control character in it is refused with 400 naming the parameter, as
 * GraphQL refuses it (graphql/input-text-check.ts, which /graphql is left to, so that its errors keep
 * GraphQL's shape). Bodies that are not parsed into objects (the inbox's raw bytes, uploads) are the
 * route's own: the inbox strips control characters from the documents it reads.
 */
export function refuseControlCharactersInRequests(app: FastifyInstance): void {
  app.addHook('preValidation', (request, reply, done) => {
    if (request.url.startsWith('/graphql')) return done();
    const found =
      firstIn(request.params, 'path') ?? firstIn(request.query, 'query') ?? (isPlainObject(request.body) ? firstIn(request.body, 'body') : null);
    if (!found) return done();
    reply.status(400).send({
      statusCode: 400,
      error: 'Bad Request',
      code: 'BAD_USER_INPUT',
      field: found.field,
      message: `${found.field} contains a control character (${found.character}); only tab, line feed and carriage return are allowed in text.`,
    });
  });
}

function firstIn(value: unknown, path: string): { field: string; character: string } | null {
  if (typeof value === 'string') {
    const character = findControlCharacter(value);
    return character ? { field: path, character } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = firstIn(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}
