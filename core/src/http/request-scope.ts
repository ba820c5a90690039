import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services, Viewer } from '@commonplace/sdk';
import { createRequestScope } from '../container/create-container.js';

/** Checks a bearer token; null when it is unknown, expired or revoked. */
export type Authenticate = (token: string) => Promise<Viewer | null>;

// FastifyRequest's `scope` and `viewer` are declared in the sdk, for plugin routes to see.
import '@commonplace/sdk';

/**
 * Gives every request its scope and viewer. A request that sends a token we do not accept is
 * refused with 401 rather than served as anonymous, so a client learns its session has ended.
 */
export const requestScopePlugin = fp<{ root: AwilixContainer<Services>; authenticate: Authenticate }>(
  async (app: FastifyInstance, { root, authenticate }) => {
    app.decorateRequest('scope', null as never);
    app.decorateRequest('viewer', null);

    // The scope exists from the first hook, so even a request refused while parsing its body has one.
    app.addHook('onRequest', async (request) => {
      request.scope = createRequestScope(root, { viewer: null, requestId: String(request.id), ip: request.ip });
    });

    app.addHook('preHandler', async (request, reply) => {
      const token = bearerToken(request);
      if (token !== undefined) {
        const viewer = token ? await authenticate(token) : null;
        if (!viewer) {
          const message = 'The access token is invalid, expired or revoked; log in again.';
          const body = isGraphQLRequest(request)
            ? { data: null, errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }
            : { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message };
          return reply.status(401).header('www-authenticate', 'Bearer error="invalid_token"').send(body);
        }
        request.viewer = viewer;
        request.scope.register({ viewer: asValue(viewer) } as never);
      }
    });

    app.addHook('onResponse', async (request) => {
      await request.scope?.dispose();
    });
  },
  { name: 'commonplace-request-scope' },
);

/** undefined when no Authorization header; '' when one that is not a bearer token. */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

function isGraphQLRequest(request: FastifyRequest): boolean {
  return request.url.split('?')[0] === '/graphql';
}
