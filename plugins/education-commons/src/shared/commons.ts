import type { EducationCommonsServices } from '../services.js';

/** What every part of the plugin reads from its services: its tables, settings, page limits and the clock. */
export function commonsOf(services: EducationCommonsServices) {
  return {
    db: services.db,
    settings: services.config.settings,
    publicUrl: services.config.publicUrl,
    pageLimits: services.config.pageLimits,
    now: () => services.clock.now(),
  };
}

/** jsonb parameters are sent as text and cast, so PGlite does not encode the JSON a second time (as core does). */
export { jsonb } from './jsonb.js';
