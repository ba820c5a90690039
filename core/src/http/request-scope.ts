import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Readable } from 'node:stream';
import { isCommonplaceError, type RequestAuthenticator, type Viewer } from '@commonplace/sdk/internal';
import type { CoreServices } from '../container/core-cradle.js';
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
 * Gives every request its scope and viewer. A request that sends a token neither core nor a plugin's
 * authenticator accepts is refused with 401 rather than served as anonymous, so a client learns its
 * session has ended.
 */
export const requestScopePlugin = fp<{ root: AwilixContainer<CoreServices>; authenticate: Authenticate; plugins?: PluginAuthentication }>(
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
    const authenticators = plugins?.authenticators ?? [];
    const claimed = (request: FastifyRequest) =>
      request.headers.authorization === undefined ? claimedByHeaders(authenticators, request) : claimedAuthorization(authenticators, request.headers.authorization);
    if (plugins && plugins.authenticators.length > 0) {
      app.addHook('preParsing', async (request, _reply, payload) => {
        if (!claimed(request)) return payload;
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

    /** The viewer a plugin's authenticator vouches for; refused with 401 when it says the credentials are wrong. */
    const identifyBy = async (request: FastifyRequest, reply: FastifyReply, authenticator: RequestAuthenticator, claimedAuthorization: boolean): Promise<unknown> => {
      let viewer: Viewer | null = null;
      try {
        const found = await authenticator.authenticate(
          { method: request.method, url: request.url, headers: request.headers, body: rawBodies.get(request) ?? Buffer.alloc(0) },
          request.scope.cradle,
        );
        // A claimed Authorization header is the request's credentials: not theirs after all is a wrong token.
        if (!found) return claimedAuthorization ? refuseToken(request, reply) : undefined;
        viewer = await plugins!.viewerForAccount(found.accountId, authenticator.name);
      } catch (error) {
        if (isCommonplaceError(error) && error.code === 'UNAUTHENTICATED') return refuse(request, reply, error.message);
        throw error;
      }
      if (!viewer) return refuse(request, reply, 'The account this request is signed for is gone.');
      setViewer(request, viewer);
      return undefined;
    };

    /**
     * The viewer from core's bearer token; else from the plugin authenticator that claims the
     * Authorization header (a token of its own format); else 401.
     */
    const identify = async (request: FastifyRequest, reply: FastifyReply, authorization: string): Promise<unknown> => {
      const token = bearerToken(authorization);
      const viewer = token ? await authenticate(token) : null;
      if (viewer) {
        setViewer(request, viewer);
        return undefined;
      }
      const claimer = claimedAuthorization(authenticators, authorization);
      if (claimer) return identifyBy(request, reply, claimer, true);
      return refuseToken(request, reply);
    };
    // Callback-style hooks, so the many requests with nothing to do (no credentials; no scope to
    // dispose) cost no promise: the inbox's profile showed async hooks.
    app.addHook('preHandler', (request, reply, done) => {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) return void identify(request, reply, authorization).then(() => done(), done);
      const authenticator = claimedByHeaders(authenticators, request);
      if (!authenticator) return done();
      identifyBy(request, reply, authenticator, false).then(() => done(), done);
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

type ScopedRequest = FastifyRequest & { commonplaceScope: AwilixContainer<CoreServices> | null };

/** The request's viewer, in its scope too: a scope made later takes it from the request. */
export function setViewer(request: FastifyRequest, viewer: Viewer): void {
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

/** The token of a `Bearer` Authorization header; '' for any other. */
function bearerToken(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/** 401 for an Authorization header neither core nor a plugin accepts. */
function refuseToken(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return refuse(request, reply, 'The access token is invalid, expired or revoked; log in again.');
}

/** The first authenticator (boot order) one of whose headers the request carries. */
function claimedByHeaders(authenticators: readonly RequestAuthenticator[], request: FastifyRequest): RequestAuthenticator | undefined {
  return authenticators.find((authenticator) => authenticator.headers.some((name) => request.headers[name] !== undefined));
}

/** The first authenticator (boot order) that takes this scheme and claims the header. */
export function claimedAuthorization(authenticators: readonly RequestAuthenticator[], header: string): RequestAuthenticator | undefined {
  if (authenticators.length === 0) return undefined;
  const scheme = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s|$)/.exec(header)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  return authenticators.find(
    (authenticator) =>
      authenticator.authorizationSchemes?.some((candidate) => candidate.toLowerCase() === scheme) && (authenticator.claims?.(header) ?? true),
  );
}

function isGraphQLRequest(request: FastifyRequest): boolean {
  return request.url.split('?')[0] === '/graphql';
}
