import type { Viewer } from './ports/actors.js';

// Every request core serves, plugin routes included, carries its viewer. (Its awilix scope is core's
// own, declared by core: a plugin's routes use `context.services(request)`, the plugin's view of it.)
declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in viewer, or null. A request with a bad token never reaches a route (401). */
    viewer: Viewer | null;
  }
}

export type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
