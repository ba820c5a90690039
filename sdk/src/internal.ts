/**
 * @commonplace/sdk/internal: everything the sdk defines, including what only the kernel needs
 * (plugin ids and manifests checks, the instance settings schema, cursor encoding, the ports' own
 * types, dead-letter administration, request batching). Core imports it; a plugin may not (an
 * architecture test forbids it): a plugin's names are the public entry's, listed in docs/sdk.md.
 */
import 'reflect-metadata';

export * from './errors.js';
export * from './ids.js';
export * from './plugin.js';
export * from './account-data.js';
export * from './federation-handlers.js';
export * from './federated-collections.js';
export * from './object-urls.js';
export * from './batched-reads.js';
export * from './instance.js';
export * from './data-dir.js';
export * from './settings-schema.js';
export * from './ports/actors.js';
export * from './ports/authentication.js';
export * from './ports/clock.js';
export * from './ports/config.js';
export * from './ports/core-config.js';
export * from './ports/db.js';
export * from './ports/federation.js';
export * from './ports/jobs.js';
export * from './ports/log.js';
export * from './ports/search.js';
export * from './ports/services.js';
export * from './ports/accounts.js';
export * from './ports/lifecycle.js';
export * from './ports/outbound-http.js';
export * from './ports/pubsub.js';
export * from './ports/scheduler.js';
export * from './ports/secrets.js';
export * from './graphql/context.js';
export * from './graphql/interfaces.js';
export * from './graphql/connection.js';
export * from './graphql/cost.js';
export * from './http.js';
export * from './text.js';
// Re-exported so plugins need no direct dependency on them (the public entry re-exports the same).
export { z } from 'zod';
export { asClass, asFunction, asValue, Lifetime } from 'awilix';
export { sql } from 'kysely';
