import type { Viewer } from '@commonplace/sdk';
import type { AgentRow, IntentRow, ProposalRow } from '../db/tables.js';
import type { EventInput, NewResourceInput } from '../services/event-input.js';
import type { IntentInput, ProposalInput } from '../services/planning.js';
import type { RecordedEvent } from '../services/recorded-event.js';

/** Called after the transaction that recorded an event committed (a listener's failure is logged, never undoes it). */
export type EventRecordedListener = (recorded: RecordedEvent) => void | Promise<void>;

/**
 * economic-flows' extension point: what a plugin that `dependsOn: ['economic-flows']` may do with it,
 * through `services.economicFlows`. Every write acts for `viewer` with the rules of the GraphQL
 * mutations of the same name (the viewer acts for the provider or receiver; events are signed or
 * signed for, and checked by event-authority.ts): a dependent never records past them.
 */
export interface EconomicFlowsApi {
  /** The viewer's own agent (made from their Person actor on first use): what intents and events name as "me". */
  agentOf(viewer: Viewer): Promise<AgentRow>;
  /** An intent: one side (provider or receiver) known; the viewer acts for it. As `createIntent`. */
  createIntent(viewer: Viewer, input: IntentInput): Promise<IntentRow>;
  /** A commitment: both sides known; the viewer acts for one of them. As `createCommitment`. */
  createCommitment(viewer: Viewer, input: IntentInput): Promise<IntentRow>;
  /** An offer or a request publishing intents. As `createProposal`. */
  createProposal(viewer: Viewer, input: ProposalInput): Promise<ProposalRow>;
  /**
   * Records an event for the agent the viewer acts for (its provider), as `createEconomicEvent`: signed
   * by the provider or the viewer (`signature`, `signerPublicKey`), or signed for by an organisation's
   * server-held key; federated when its receiver lives elsewhere.
   */
  recordEvent(viewer: Viewer, event: EventInput, newResource?: NewResourceInput | null): Promise<RecordedEvent>;
  /**
   * Calls `listener` with every event recorded on this instance (local, or received from another), after
   * its transaction committed. Register it in `onBoot`; returns the function that unsubscribes it.
   */
  onEventRecorded(listener: EventRecordedListener): () => void;
}

/** What economic-flows exports to the plugins that depend on it: `PluginServices<...> & EconomicFlowsExports`. */
export type EconomicFlowsExports = { economicFlows: EconomicFlowsApi };

export type { EventInput, NewResourceInput, IntentInput, ProposalInput, RecordedEvent };
