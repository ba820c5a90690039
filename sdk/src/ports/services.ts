import type { ActorsPort, Viewer } from './actors.js';
import type { Clock } from './clock.js';
import type { ConfigPort } from './config.js';
import type { Database } from './db.js';
import type { FederationPort } from './federation.js';
import type { JobsPort } from './jobs.js';
import type { Logger } from './log.js';
import type { SearchPort } from './search.js';

/**
 * What a resolver, service or job handler can ask the container for, by name.
 * Plugins add their own services by declaration merging:
 *
 *   declare module '@commonplace/sdk' { interface Services { resources: ResourceService } }
 */
export interface Services {
  db: Database;
  actors: ActorsPort;
  jobs: JobsPort;
  log: Logger;
  config: ConfigPort;
  clock: Clock;
  /** Present once the federation core is enabled. */
  federation?: FederationPort;
  /** Present once a search backend is enabled. */
  search?: SearchPort;
  /** Per request: the logged-in viewer, or null (a request with a bad token is refused with 401 before any handler). */
  viewer: Viewer | null;
}
