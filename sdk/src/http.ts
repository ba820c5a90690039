import type { AwilixContainer } from 'awilix';
import type { Viewer } from './ports/actors.js';
import type { Services } from './ports/services.js';

// Every request core serves, plugin routes included, carries its awilix scope and its viewer.
declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request's awilix scope, core's own. Typed with the base `Services` (core's ports, nothing of
     * core's internals), but a plugin's routes use `context.services(request)`: the plugin's view of
     * this scope, with its settings in `config`, its own services and its dependencies' exports.
     */
    scope: AwilixContainer<Services>;
    /** The logged-in viewer, or null. A request with a bad token never reaches a route (401). */
    viewer: Viewer | null;
  }
}

export type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
