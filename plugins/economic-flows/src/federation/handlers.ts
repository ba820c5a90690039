import { isUuid, type ActivityPubObject, type FederationObjectHandler } from '@commonplace/sdk';
import type { EventRow, ProcessRow, ResourceRow } from '../db/tables.js';
import { receiveEconomicEvent } from './receive-event.js';
import { ActivityPubWriter } from './to-activitypub.js';
import type { EconomicFlowsServices } from '../services.js';

/** True for objects that carry ValueFlows terms (a `Process` elsewhere might mean something else). */
function isValueFlows(object: ActivityPubObject): boolean {
  const context = JSON.stringify(object['@context'] ?? '');
  return context.includes('valueflows') || 'action' in object || 'accountingQuantity' in object || 'resourceInventoriedAs' in object;
}

/**
 * Economic events: served at their URLs (core does the content negotiation and authorized fetch), and
 * those from other instances recorded with this side's effects (see receive-event.ts).
 */
export const economicEventHandler: FederationObjectHandler<EventRow, EconomicFlowsServices> = {
  types: ['EconomicEvent'],
  matches: isValueFlows,
  dispatch: {
    path: '/economic-flows/events/:id',
    load: async (id: string, services: EconomicFlowsServices) =>
      isUuid(id) ? ((await services.db.selectFrom('economic_flows_events').selectAll().where('id', '=', id).where('origin', 'is', null).executeTakeFirst()) ?? null) : null,
  },
  // With the ValueFlows context: core serves an object's own @context as it is.
  toActivityPub: async (row, services) => ActivityPubWriter.withContext(await new ActivityPubWriter(services.db).event(row)),
  on: { Create: receiveEconomicEvent },
};

/** Resources are served (and travel inside events and their history); nothing arrives for them alone. */
export const resourceHandler: FederationObjectHandler<ResourceRow, EconomicFlowsServices> = {
  types: ['EconomicResource'],
  matches: isValueFlows,
  dispatch: {
    path: '/economic-flows/resources/:id',
    load: async (id: string, services: EconomicFlowsServices) =>
      isUuid(id) ? ((await services.db.selectFrom('economic_flows_resources').selectAll().where('id', '=', id).where('origin', 'is', null).executeTakeFirst()) ?? null) : null,
  },
  toActivityPub: async (row, services) => ActivityPubWriter.withContext(await new ActivityPubWriter(services.db).resource(row)),
};

/** Processes likewise. */
export const processHandler: FederationObjectHandler<ProcessRow, EconomicFlowsServices> = {
  types: ['Process'],
  matches: isValueFlows,
  dispatch: {
    path: '/economic-flows/processes/:id',
    load: async (id: string, services: EconomicFlowsServices) =>
      isUuid(id) ? ((await services.db.selectFrom('economic_flows_processes').selectAll().where('id', '=', id).where('origin', 'is', null).executeTakeFirst()) ?? null) : null,
  },
  toActivityPub: async (row, services) => ActivityPubWriter.withContext(await new ActivityPubWriter(services.db).process(row)),
};
