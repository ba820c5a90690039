import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Readable } from 'node:stream';
import { isCommonplaceError, type RequestAuthenticator, type Services, type Viewer } from '@commonplace/sdk';
import { createRequestScope } from '../container/create-container.js';

/** Checks a bearer token; null when it is unknown, expired or revoked. */
export type Authenticate = (token: string) => Promise<Viewer | null>;

/** Plugins' other ways to log in (sdk RequestAuthenticator), and how an account they vouch for becomes a viewer. */
export interface PluginAuthentication {
  authenticators: readonly RequestAuthenticator[];
  viewerForAccount(accountId: string, via: string): Promise<Viewer | null>;
}

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

// FastifyRequest's `scope` and `viewer` are declared in the sdk, for plugin routes to see.
import '@commonplace/sdk';

/**
 * Gives every request its scope and viewer. A request that sends a token we do not accept is
 * refused with 401 rather than served as anonymous, so a client learns its session has ended.
 */
export const requestScopePlugin = fp<{ root: AwilixContainer<Services>; authenticate: Authenticate; plugins?: PluginAuthentication }>(
  async (app: FastifyInstance, { root, authenticate, plugins }) => {
    // The scope is made when first asked for: most requests of the inbox, the object URLs and the
    // health probe never ask, and an awilix scope per request showed in their profiles. Any hook can
    // ask, so even a request refused while parsing its body can have one.
    app.decorateRequest('commonplaceScope', null);
    app.decorateRequest('scope', {
      getter(this: ScopedRequest) {
        return (this.commonplaceScope ??= createRequestScope(root, { viewer: this.viewer, requestId: String(this.id), ip: this.ip }));
      },
    } as never);
    app.decorateRequest('viewer', null);

    // A signature over the body needs its bytes as sent: kept only for requests an authenticator claims.
    const claimed = (request: FastifyRequest) =>
      plugins?.authenticators.find((authenticator) => authenticator.headers.some((name) => request.headers[name] !== undefined));
    if (plugins && plugins.authenticators.length > 0) {
      app.addHook('preParsing', async (request, _reply, payload) => {
        if (request.headers.authorization !== undefined || !claimed(request)) return payload;
        const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576;
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of payload) {
          size += (chunk as Buffer).length;
          if (size > limit) throw Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
          chunks.push(chunk as Buffer);
        }
        const raw = Buffer.concat(chunks);
        rawBodies.set(request, raw);
        return Object.assign(Readable.from([raw]), { receivedEncodedLength: raw.length });
      });
    }

    /** The viewer from a plugin's authenticator when one claims the request, else from the bearer token. */
    const identify = async (request: FastifyRequest, reply: FastifyReply, authenticator: RequestAuthenticator | undefined): Promise<unknown> => {
      if (authenticator && plugins) {
        let viewer: Viewer | null = null;
        try {
          const found = await authenticator.authenticate(
            { method: request.method, url: request.url, headers: request.headers, body: rawBodies.get(request) ?? Buffer.alloc(0) },
            request.scope.cradle,
          );
          if (!found) return;
          viewer = await plugins.viewerForAccount(found.accountId, authenticator.name);
        } catch (error) {
          if (isCommonplaceError(error) && error.code === 'UNAUTHENTICATED') return refuse(request, reply, error.message);
          throw error;
        }
        if (!viewer) return refuse(request, reply, 'The account this request is signed for is gone.');
        setViewer(request, viewer);
        return;
      }
      const token = bearerToken(request);
      if (token !== undefined) {
        const viewer = token ? await authenticate(token) : null;
        if (!viewer) {
          reply.header('www-authenticate', 'Bearer error="invalid_token"');
          return refuse(request, reply, 'The access token is invalid, expired or revoked; log in again.');
        }
        setViewer(request, viewer);
      }
      return undefined;
    };
    // Callback-style hooks, so the many requests with nothing to do (no credentials; no scope to
    // dispose) cost no promise: the inbox's profile showed async hooks.
    app.addHook('preHandler', (request, reply, done) => {
      const anonymous = request.headers.authorization === undefined;
      const authenticator = anonymous ? claimed(request) : undefined;
      if (anonymous && !authenticator) return done();
      identify(request, reply, authenticator).then(() => done(), done);
    });

    app.addHook('onResponse', (request, _reply, done) => {
      // Only scoped services that were resolved are cached; most requests resolve none.
      const scope = (request as ScopedRequest).commonplaceScope;
      if (!scope?.cache.size) return done();
      scope.dispose().then(() => done(), done);
    });
  },
  { name: 'commonplace-request-scope' },
);

type ScopedRequest = FastifyRequest & { commonplaceScope: AwilixContainer<Services> | null };

/** The request's viewer, in its scope too: a scope made later takes it from the request. */
function setViewer(request: FastifyRequest, viewer: Viewer): void {
  request.viewer = viewer;
  (request as ScopedRequest).commonplaceScope?.register({ viewer: asValue(viewer) } as never);
}

/** 401 UNAUTHENTICATED, as a GraphQL answer on /graphql. */
function refuse(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  const body = isGraphQLRequest(request)
    ? { data: null, errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }
    : { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message };
  return reply.status(401).send(body);
}

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
