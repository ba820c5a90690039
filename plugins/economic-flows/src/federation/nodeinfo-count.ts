import { sql } from '@commonplace/sdk';
import type { EconomicFlowsServices } from '../services.js';

/**
 * NodeInfo's local posts of this plugin that core's outbox does not already count: economic events
 * recorded here that were never sent in a Create, i.e. all but those from a local agent with an actor
 * to a remote one (publish-event.ts sends exactly those).
 */
export async function unpublishedLocalEvents(services: EconomicFlowsServices): Promise<number> {
  const result = await sql<{ count: number | string }>`
    select count(*) as count
    from economic_flows_events e
    join economic_flows_agents provider on provider.id = e.provider
    join economic_flows_agents receiver on receiver.id = e.receiver
    where e.origin is null
      and not (provider.origin is null and provider.actor_id is not null and receiver.origin is not null)`.execute(services.db);
  return Number(result.rows[0]?.count ?? 0);
}
