import type { AwilixContainer } from 'awilix';
import type { Viewer } from './ports/actors.js';
import type { Services } from './ports/services.js';

// Every request core serves, plugin routes included, carries its awilix scope and its viewer.
declare module 'fastify' {
  interface FastifyRequest {
    /** The request's awilix scope: `request.scope.cradle.db`, `request.scope.cradle.myService`. */
    scope: AwilixContainer<Services>;
    /** The logged-in viewer, or null. A request with a bad token never reaches a route (401). */
    viewer: Viewer | null;
  }
}

export type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
