import { CommonplaceError } from '@commonplace/sdk';
import { touchesToResource, type ActionDefinition } from '../actions/table.js';
import type { AgentRow, EventRow, FlowsExecutor, IntentRow, ResourceRow } from '../db/tables.js';
import type { CheckedQuantity } from '../model/quantities.js';
import { unitById } from '../model/quantities.js';
import { convert } from '../model/units.js';
import { AgentDirectory } from './agents.js';
import type { EconomicFlowsServices } from '../services.js';

/**
 * Who may record what: the rules of docs/plugins/economic-flows.md, "Who may record what", applied to
 * one event once its agents, resources and links are known. Every refusal is FORBIDDEN naming the field.
 */
export interface EventParties {
  action: ActionDefinition;
  provider: AgentRow;
  receiver: AgentRow;
  /** The person recording a local event (already known to act for the provider); null for a received one. */
  recorder: AgentRow | null;
  /** The origin of a received event; null for a local one. */
  remoteOrigin: string | null;
  /** The provider-side resource, unless the event creates it. */
  from: ResourceRow | null;
  /** The receiving resource (or container), unless the event creates it. */
  to: ResourceRow | null;
  corrected: EventRow | null;
  fulfills: IntentRow | null;
  /** What kind of resource the event moves: a local resource's own specification, else the one the event states. */
  conformsTo: string | null;
  quantity: CheckedQuantity | null;
  /** Events of the same batch recorded before this one, not yet written. */
  pending: ReadonlyArray<Pick<EventRow, 'fulfills' | 'resource_quantity_value' | 'resource_quantity_unit'>>;
}

export function forbidden(message: string, field: string): CommonplaceError {
  return new CommonplaceError('FORBIDDEN', message, { field });
}

export class EventAuthority {
  private readonly agents: AgentDirectory;

  constructor(services: EconomicFlowsServices) {
    this.agents = new AgentDirectory(services);
  }

  async check(tx: FlowsExecutor, parties: EventParties): Promise<void> {
    if (parties.corrected) this.checkCorrection(parties);
    if (parties.remoteOrigin) this.checkReceived(parties);
    else this.checkProviderHolds(parties);
    await this.checkReceivingResource(tx, parties);
  }

  /** A correction comes from the corrected event's provider, and a received one from the corrected event's origin. */
  private checkCorrection({ corrected, provider, remoteOrigin }: EventParties): void {
    if (corrected!.provider !== provider.id) throw forbidden('corrects: only the provider of an event corrects it.', 'corrects');
    if ((corrected!.origin ?? null) !== remoteOrigin) {
      throw forbidden('corrects: an event is corrected on the instance it was recorded on, and federates from there.', 'corrects');
    }
  }

  /** A received event never changes a resource of ours on the provider's side. */
  private checkReceived({ from }: EventParties): void {
    if (from && from.origin === null) {
      throw forbidden('resourceInventoriedAs: an event from another instance does not change a resource of this instance on its provider’s side.', 'resourceInventoriedAs');
    }
  }

  /**
   * A local provider-side resource is held by the provider: its primary accountable for a change of rights
   * (accounting quantity), its custodian for a change of what is on hand, either for anything else.
   */
  private checkProviderHolds({ action, provider, from }: EventParties): void {
    if (!from || from.origin !== null) return;
    const accountable = from.primary_accountable;
    const custodian = from.custodian ?? from.primary_accountable;
    const onFrom = (effect: string | null) => effect !== null && effect !== 'incrementTo';
    if (onFrom(action.accountingEffect) && accountable !== provider.id) {
      throw forbidden(`resourceInventoriedAs: ${from.name} is not ${provider.name}’s to ${action.id}: its primary accountable provides it.`, 'resourceInventoriedAs');
    }
    if (onFrom(action.onhandEffect) && custodian !== provider.id) {
      throw forbidden(`resourceInventoriedAs: ${from.name} is not in ${provider.name}’s custody: its custodian provides it.`, 'resourceInventoriedAs');
    }
    if (accountable !== provider.id && custodian !== provider.id) {
      throw forbidden(`resourceInventoriedAs: ${provider.name} holds neither the rights to nor the custody of ${from.name}.`, 'resourceInventoriedAs');
    }
  }

  /**
   * The receiving end of a transfer (or copy, move) into an existing resource of ours: the resource is the
   * receiver's, and the receiver consents (the recorder acts for them, or the event fulfills their
   * commitment for as much). A correction that changes it needs the recorder to act for the receiver.
   * Any other action's `toResourceInventoriedAs` (combine's container) is the provider's own.
   */
  private async checkReceivingResource(tx: FlowsExecutor, parties: EventParties): Promise<void> {
    const { action, provider, receiver, to, recorder, remoteOrigin } = parties;
    if (!to || to.origin !== null) return;
    if (!touchesToResource(action)) {
      if (remoteOrigin || !holds(to, provider)) {
        throw forbidden(`toResourceInventoriedAs: ${to.name} is not ${provider.name}’s to ${action.id} into.`, 'toResourceInventoriedAs');
      }
      return;
    }
    if (receiver.origin !== null || !holds(to, receiver)) {
      throw forbidden(`toResourceInventoriedAs: ${to.name} is not held by the receiver, ${receiver.name}.`, 'toResourceInventoriedAs');
    }
    const recorderActsForReceiver = recorder !== null && (await this.agents.canActFor(recorder.id, receiver.id, tx));
    if (recorderActsForReceiver) return;
    if (parties.corrected) {
      throw forbidden(`toResourceInventoriedAs: correcting what ${receiver.name} received needs someone acting for ${receiver.name}; they record their own event for the difference.`, 'toResourceInventoriedAs');
    }
    if (!(await this.consentedByCommitment(tx, parties))) {
      throw forbidden(
        `toResourceInventoriedAs: adding to ${to.name} needs ${receiver.name}’s consent: record it as someone acting for them, fulfil a commitment of theirs for this quantity, or leave toResourceInventoriedAs out to make a new resource for them.`,
        'toResourceInventoriedAs',
      );
    }
  }

  /**
   * The event fulfills an unfinished commitment that someone acting for the receiver made, for this action
   * from this provider, of the resource (or kind of resource) it names, and with what it and the
   * commitment's earlier events deliver within its quantity.
   */
  private async consentedByCommitment(tx: FlowsExecutor, { action, provider, receiver, from, conformsTo, fulfills, quantity, pending }: EventParties): Promise<boolean> {
    const commitment = fulfills;
    if (!commitment || commitment.kind !== 'commitment' || commitment.finished) return false;
    if (commitment.provider !== provider.id || commitment.receiver !== receiver.id || commitment.action !== action.id) return false;
    // Agreeing to 5 kg of wool is no agreement to 5 kg of sand, nor to another lot than the one named.
    if (commitment.resource_inventoried_as !== null && commitment.resource_inventoried_as !== from?.id) return false;
    if (commitment.resource_conforms_to !== null && commitment.resource_conforms_to !== conformsTo) return false;
    if (!(await this.agents.canActFor(commitment.created_by, receiver.id, tx))) return false;
    if (commitment.resource_quantity_value === null || !commitment.resource_quantity_unit) return true;
    if (!quantity) return false;
    const unit = await unitById(tx, commitment.resource_quantity_unit);
    const earlier = await tx
      .selectFrom('economic_flows_events')
      .select(['resource_quantity_value', 'resource_quantity_unit'])
      .where('fulfills', '=', commitment.id)
      .execute();
    let delivered = convert(quantity.value, quantity.unit, unit, 'resourceQuantity');
    for (const event of [...earlier, ...pending.filter((row) => row.fulfills === commitment.id)]) {
      if (event.resource_quantity_value === null || !event.resource_quantity_unit) continue;
      delivered += convert(Number(event.resource_quantity_value), await unitById(tx, event.resource_quantity_unit), unit, 'resourceQuantity');
    }
    return delivered <= Number(commitment.resource_quantity_value) + 1e-9;
  }
}

/** The agent is the resource's primary accountable or its custodian. */
function holds(resource: ResourceRow, agent: AgentRow): boolean {
  return resource.primary_accountable === agent.id || resource.custodian === agent.id;
}
