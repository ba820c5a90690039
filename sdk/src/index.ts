/**
 * @commonplace/sdk: the one package a plugin imports, and every name it needs (docs/sdk.md lists them,
 * one line each; test/core/testing/sdk-surface.test.ts keeps the two equal). What only the kernel
 * needs is at `@commonplace/sdk/internal`, which a plugin may not import; the test harness is at
 * `@commonplace/sdk/testing`.
 */
import 'reflect-metadata';

// Defining a plugin and an instance.
export { definePlugin } from './plugin.js';
export type { PluginDefinition, PluginContext, SearchDocumentType } from './plugin.js';
export { defineInstance } from './instance.js';
export type { PluginEntry } from './instance.js';
export type { PluginServices } from './ports/services.js';
export type { AccountDataExport, AccountDataSubject, AccountDataValue } from './account-data.js';
export { asClass, asFunction, asValue } from 'awilix';
export { z } from 'zod';

// The services' types a plugin names in its own signatures.
export type { Database, Executor, Generated, Kysely } from './ports/db.js';
export { sql } from 'kysely';
export type { Viewer } from './ports/actors.js';
export type { PluginConfig } from './ports/config.js';
export type { Logger } from './ports/log.js';
export type { Clock } from './ports/clock.js';
export type { SearchDocument } from './ports/search.js';
export type { RequestAuthenticator } from './ports/authentication.js';
export { pathInDataDir, isInMemoryDataDir } from './data-dir.js';
export type { DataDirSettings } from './data-dir.js';
export { BatchedReads } from './batched-reads.js';

// Errors a resolver, route or handler throws: each maps to an error code the API returns.
export {
  CommonplaceError,
  BadUserInputError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ServiceUnavailableError,
} from './errors.js';

// GraphQL.
export type { GraphQLContext } from './graphql/context.js';
export { requireViewer, requireRole, hasRole } from './graphql/context.js';
export { ConnectionType, ConnectionArgs, paginate, pageSize, decodeCursor } from './graphql/connection.js';
export type { Connection, KeysetOptions, PageLimits } from './graphql/connection.js';
export { Cost } from './graphql/cost.js';

// HTTP routes.
export type { FastifyInstance, FastifyRequest, FastifyReply } from './http.js';

// Federation.
export type {
  FederationObjectHandler,
  InboxHandlerResult,
  ObjectReplies,
  ActorReplies,
} from './federation-handlers.js';
export { dropActivity } from './federation-handlers.js';
export type { ActivityPubObject, Audience, FollowsView } from './ports/federation.js';
export { INSTANCE_ACTOR_USERNAME } from './ports/federation.js';
export { publicVisibilityOf, keysetCollectionPage, fetcherMaySee, ANONYMOUS_FETCHER } from './federated-collections.js';
export type { FederatedFetcher } from './federated-collections.js';
export { AS_PUBLIC, followersUriOf, objectUrl, idFromObjectUrl } from './object-urls.js';

// Text and ids.
export { escapeHtml, plainTextAsHtml, plainTextForFederation } from './text.js';
export { isUuid } from './ids.js';
