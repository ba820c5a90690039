import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Readable } from 'node:stream';
import { isCommonplaceError, type AuthenticationRequest, type RequestAuthenticator, type Services, type Viewer } from '@commonplace/sdk/internal';
import type { CoreServices } from '../container/core-cradle.js';
import { createRequestScope } from '../container/create-container.js';

/** Checks one of core's own bearer tokens (logIn, signUp); null when it is unknown, expired, revoked or a plugin's. */
export type Authenticate = (token: string) => Promise<Viewer | null>;

/**
 * A plugin's authenticator (sdk RequestAuthenticator) already given its plugin's view
 * (kernel/plugin-wiring.ts), so a request asks it with no services, and needs no scope for that.
 */
export type BoundAuthenticator = Omit<RequestAuthenticator, 'authenticate'> & {
  authenticate(request: AuthenticationRequest): Promise<{ accountId: string } | null>;
};

/** Plugins' other ways to log in, and how an account they vouch for becomes a viewer. */
export interface PluginAuthentication {
  authenticators: readonly BoundAuthenticator[];
  viewerForAccount(accountId: string, via: string): Promise<Viewer | null>;
}

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

// FastifyRequest's `viewer` is declared in the sdk, for plugin routes to see; its `scope` is core's alone
// (a plugin reaches the request through `context.services(request)`, its own view of this scope).
import '@commonplace/sdk';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request's awilix scope: core's cradle, with the viewer. Also typed as the sdk's Services, since
     * core hands it to plugins' callbacks, which take each plugin's view of it (PluginViews.adapt).
     */
    scope: AwilixContainer<CoreServices & Services>;
  }
}

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
    const identifyBy = async (request: FastifyRequest, reply: FastifyReply, authenticator: BoundAuthenticator, claimedAuthorization: boolean): Promise<unknown> => {
      let viewer: Viewer | null = null;
      try {
        const found = await authenticator.authenticate({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: rawBodies.get(request) ?? Buffer.alloc(0),
        });
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
     * The viewer from core's own bearer token; else from the plugin authenticator that claims the
     * Authorization header (a token of its own format, or one it issued through its AccountsPort, which
     * core's check refuses); else 401. Core is asked first: its check is one batched lookup by the
     * token's digest, and a token core issued is never a plugin's, so no plugin can shadow a log-in.
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
function claimedByHeaders(authenticators: readonly BoundAuthenticator[], request: FastifyRequest): BoundAuthenticator | undefined {
  return authenticators.find((authenticator) => authenticator.headers.some((name) => request.headers[name] !== undefined));
}

/** The first authenticator (boot order) that takes this scheme and claims the header. */
export function claimedAuthorization<A extends Pick<RequestAuthenticator, 'authorizationSchemes' | 'claims'>>(authenticators: readonly A[], header: string): A | undefined {
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
