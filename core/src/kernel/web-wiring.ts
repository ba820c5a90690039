import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { InstanceSettings, Logger, Viewer } from '@commonplace/sdk/internal';
import { coreWeb } from '../web/pages/index.js';
import { readAssetsManifest, registerWebFrontEnd, type OwnedContribution } from '../web/server/index.js';
import { Layout } from '../web/ui/layout.js';
import { createWebI18n } from '../web/ui/web-i18n.js';
import type { EnabledPlugin } from './resolve-plugins.js';

export interface WebWiring {
  schema: GraphQLSchema;
  plugins: readonly EnabledPlugin[];
  settings: InstanceSettings;
  publicUrl: string;
  instanceName: string;
  log: Logger;
  authenticate(token: string): Promise<Viewer | null>;
}

/**
 * The web front end: core's own pages and every enabled plugin's `web` contribution, on the root app,
 * after the request scope and GraphQL (pages run their queries through that schema).
 */
export async function mountWebFrontEnd(app: FastifyInstance, wiring: WebWiring): Promise<void> {
  const contributions: OwnedContribution[] = [
    { owner: 'core', web: coreWeb },
    ...wiring.plugins.flatMap(({ plugin }) => (plugin.web ? [{ owner: plugin.id, web: plugin.web }] : [])),
  ];
  await registerWebFrontEnd(app, {
    schema: wiring.schema,
    contributions,
    layout: Layout,
    settings: wiring.settings,
    publicUrl: wiring.publicUrl,
    instanceName: wiring.instanceName,
    i18n: createWebI18n(contributions, {
      onMissing: (key, locale) => wiring.log.warn({ key, locale }, 'a web page asked for a message no catalogue has'),
    }),
    assets: readAssetsManifest(),
    log: wiring.log,
    authenticate: wiring.authenticate,
  });
}
