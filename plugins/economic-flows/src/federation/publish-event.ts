import type { ActivityPubObject } from '@commonplace/sdk';
import type { FlowsExecutor } from '../db/tables.js';
import type { RecordedEvent } from '../services/event-recorder.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import { TraceService } from '../trace/trace-service.js';
import { VALUEFLOWS_CONTEXT } from './context.js';
import { ActivityPubWriter } from './to-activitypub.js';
import type { EconomicFlowsServices } from '../services.js';

/**
 * An event between an agent here and one on another instance goes to that agent as a Create, in the
 * transaction that recorded it, with the trace of its resource (oldest first) so the other side can
 * trace it too. Events among local agents stay here; their objects are served at their URIs.
 */
export async function publishFederatedEvent(services: EconomicFlowsServices, recorded: RecordedEvent, tx: FlowsExecutor): Promise<void> {
  const { provider, receiver, event } = recorded;
  if (provider.origin !== null || receiver.origin === null || !provider.actor_id) return;
  const writer = new ActivityPubWriter(tx);
  const object = await writer.event(event);
  const history = event.resource_inventoried_as ? await historyOf(services, event.resource_inventoried_as, event.id, writer, tx) : [];
  const activity: ActivityPubObject = {
    type: 'Create',
    actor: provider.uri,
    object: { '@context': VALUEFLOWS_CONTEXT, ...object, ...(history.length > 0 ? { history } : {}) },
  };
  await services.federation.publish(activity, { kind: 'direct', to: [receiver.uri] }, { tx, actorId: provider.actor_id });
}

/** The trace of the resource before this event, oldest first, at most `federation.maxHistoryItems` items. */
async function historyOf(services: EconomicFlowsServices, resourceId: string, eventId: string, writer: ActivityPubWriter, tx: FlowsExecutor): Promise<ActivityPubObject[]> {
  const limit = services.config.settings.federation.maxHistoryItems;
  if (limit === 0) return [];
  const items = await new TraceService(services).trace({ kind: 'resource', ref: resourceId }, null, tx);
  const earlier = items.filter((item) => !(item.kind === 'event' && item.row.id === eventId)).slice(0, limit).reverse();
  const objects: ActivityPubObject[] = [];
  for (const item of earlier) {
    objects.push(item.kind === 'event' ? await writer.event(item.row) : item.kind === 'resource' ? await writer.resource(item.row) : await writer.process(item.row));
  }
  return objects;
}
