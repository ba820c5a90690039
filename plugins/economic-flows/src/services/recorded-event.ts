import type { ActionDefinition } from '../actions/table.js';
import type { AgentRow, EventRow, FlowsExecutor, ResourceRow } from '../db/tables.js';
import type { EventInput, NewResourceInput } from './event-input.js';

export interface RecordContext {
  /** The person recording a local event (authorised to act for its provider). */
  recorder: AgentRow | null;
  /**
   * A federated event: its id on its home instance (which has already applied its own side), and the
   * canonical text its provider signed, which the inbox handler has matched against the object's fields.
   */
  remote?: { uri: string; origin: string; signedPayload: string | null };
  /** Called in the transaction after the event is stored (federation publishes from here). */
  afterRecord?: (recorded: RecordedEvent, tx: FlowsExecutor) => Promise<void>;
}

export interface RecordedEvent {
  event: EventRow;
  /** The resource the event created, or else the one it affected. */
  resource: ResourceRow | null;
  provider: AgentRow;
  receiver: AgentRow;
}

/** An event checked before its transaction: its action and agents known, the recorder authorised for its provider. */
export interface PreparedEvent {
  action: ActionDefinition;
  input: EventInput;
  newResource: NewResourceInput | null;
  provider: AgentRow;
  receiver: AgentRow;
}
