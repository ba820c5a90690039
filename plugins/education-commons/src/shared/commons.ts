import type { Services } from '@commonplace/sdk';
import { PLUGIN_ID, type EducationCommonsSettings } from '../settings.js';
import type { CommonsDb } from '../tables.js';

/** Typed access to what every part of the plugin reads from the services: its tables, settings and the clock. */
export function commonsOf(services: Services) {
  return {
    db: services.db as CommonsDb,
    settings: services.config.plugin<EducationCommonsSettings>(PLUGIN_ID),
    publicUrl: services.config.publicUrl,
    pageLimits: services.config.instance.graphql,
    now: () => services.clock.now(),
  };
}

/** jsonb parameters are sent as text and cast, so PGlite does not encode the JSON a second time (as core does). */
export { jsonb } from './jsonb.js';
