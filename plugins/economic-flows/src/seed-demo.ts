import type { Viewer } from '@commonplace/sdk';
import type { FlowsDb } from './db/tables.js';
import { AgentDirectory } from './services/agents.js';
import { EventRecorder } from './services/event-recorder.js';
import { PlanningService } from './services/planning.js';
import type { EconomicFlowsServices } from './services.js';

const MILAN = 'milan_food_coop';
const PARIS = 'paris_events_coop';

/**
 * Demo content for `commonplace seed-demo`: a Milan food co-op and a Paris events co-op (both with
 * server-held keys, so the server signs their events), a unit and two resource specifications, and a
 * produce -> transfer -> consume chain a visitor can trace from Paris back to Milan. Made by the demo's
 * admin (core's demo seed makes `admin` first). Skipped when the Milan co-op exists, so it is safe to run twice.
 */
export async function seedDemo(services: EconomicFlowsServices): Promise<void> {
  if (await services.actors.byUsername(MILAN)) return;
  const admin = await services.actors.byUsername('admin');
  if (!admin?.accountId) return;
  const viewer: Viewer = { accountId: admin.accountId, actorId: admin.id, username: admin.username, roles: ['admin'], sessionId: 'seed-demo' };

  const agents = new AgentDirectory(services);
  const planning = new PlanningService(services);
  const milan = await agents.createOrganization(viewer, { username: MILAN, name: 'Milan Food Co-op', note: 'Collects surplus produce from Milan markets.', serverHeldKey: true });
  const paris = await agents.createOrganization(viewer, { username: PARIS, name: 'Paris Events Co-op', note: 'Caters and furnishes events in Paris.', serverHeldKey: true });
  const recorder = await agents.forViewer(viewer);

  // The co-ops count produce in crates too (a unit the standard twelve lack; one crate is one item).
  const crates = (await (services.db).selectFrom('economic_flows_units').select('id').where('id', '=', 'crate').executeTakeFirst())
    ? null
    : await planning.createUnit({ id: 'crate', label: 'crate', symbol: 'crate', dimension: 'count', factor: 1 });
  const vegetables = await planning.createSpecification('economic_flows_resource_specifications', { name: 'Surplus vegetables', defaultUnitOfResource: 'kg' });
  await planning.createSpecification('economic_flows_resource_specifications', { name: 'Produce crates', defaultUnitOfResource: crates?.id ?? 'crate' });

  const events = new EventRecorder(services);
  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
  const at = (day: number) => new Date(Date.UTC(2026, 2, day, 9)).toISOString();
  const produced = await events.record(
    { action: 'produce', provider: milan.id, receiver: milan.id, resourceConformsTo: vegetables.id, resourceQuantity: kg(120), hasPointInTime: at(2), atLocation: 'Mercato Comunale, Milano' },
    { name: 'Surplus vegetables, lot MI-2026-03', ofBatchLot: 'MI-2026-03', trackingIdentifier: 'MI-2026-03-VEG' },
    { recorder },
  );
  const transferred = await events.record(
    { action: 'transfer', provider: milan.id, receiver: paris.id, resourceInventoriedAs: produced.resource!.id, resourceQuantity: kg(40), hasPointInTime: at(4), toLocation: 'Halle Pajol, Paris' },
    null,
    { recorder },
  );
  await events.record(
    { action: 'consume', provider: paris.id, receiver: paris.id, resourceInventoriedAs: transferred.resource!.id, resourceQuantity: kg(25), hasPointInTime: at(6), note: 'Lunch for the neighbourhood assembly' },
    null,
    { recorder },
  );
}
