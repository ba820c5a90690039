import type { Viewer } from '@commonplace/sdk';
import type { AgentRow, EventRow, FlowsExecutor, IntentRow, ProposalRow } from '../db/tables.js';
import { publishFederatedEvent } from '../federation/publish-event.js';
import type { EconomicFlowsServices } from '../services.js';
import { AgentDirectory } from '../services/agents.js';
import type { EventInput, NewResourceInput } from '../services/event-input.js';
import { EventRecorder } from '../services/event-recorder.js';
import { PlanningService, type IntentInput, type ProposalInput } from '../services/planning.js';
import type { RecordedEvent } from '../services/recorded-event.js';
import type { EconomicFlowsApi, EventRecordedListener } from './economic-flows-api.js';

/** The job that tells listeners of events recorded inside a caller's transaction (an inbox's), once it committed. */
export const EVENT_RECORDED_JOB = 'event-recorded';

const LISTENERS = new WeakMap<object, Set<EventRecordedListener>>();

/**
 * The extension point's implementation (one per instance), and the listeners of recorded events: the
 * recorder tells it what it recorded once its transaction committed (`recorded`), or, inside a
 * transaction it does not own, enqueues a job in it that does (`afterCommit`).
 */
export class EconomicFlowsService implements EconomicFlowsApi {
  constructor(private readonly services: EconomicFlowsServices) {}

  /**
   * The instance's listeners. A transaction's view builds this service anew (so that it writes in the
   * transaction), so they are kept by the plugin's configuration, the one object every view of
   * economic-flows in this instance shares, not by one built copy.
   */
  private get listeners(): Set<EventRecordedListener> {
    let listeners = LISTENERS.get(this.services.config);
    if (!listeners) LISTENERS.set(this.services.config, (listeners = new Set()));
    return listeners;
  }

  agentOf(viewer: Viewer): Promise<AgentRow> {
    return new AgentDirectory(this.services).forViewer(viewer);
  }

  createIntent(viewer: Viewer, input: IntentInput): Promise<IntentRow> {
    return new PlanningService(this.services).createIntent(viewer, 'intent', input);
  }

  createCommitment(viewer: Viewer, input: IntentInput): Promise<IntentRow> {
    return new PlanningService(this.services).createIntent(viewer, 'commitment', input);
  }

  createProposal(viewer: Viewer, input: ProposalInput): Promise<ProposalRow> {
    return new PlanningService(this.services).createProposal(viewer, input);
  }

  async recordEvent(viewer: Viewer, event: EventInput, newResource: NewResourceInput | null = null): Promise<RecordedEvent> {
    const recorder = await new AgentDirectory(this.services).forViewer(viewer);
    return new EventRecorder(this.services).record(event, newResource, {
      recorder,
      afterRecord: (done, tx) => publishFederatedEvent(this.services, done, tx),
    });
  }

  onEventRecorded(listener: EventRecordedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Events recorded in a transaction the recorder committed itself: told now. */
  async recorded(events: readonly RecordedEvent[]): Promise<void> {
    for (const recorded of events) {
      for (const listener of this.listeners) {
        try {
          await listener(recorded);
        } catch (error) {
          // The event is committed: a dependent's failure is its own, logged, and the others still hear of it.
          this.services.log.error({ err: error, event: recorded.event.uri }, 'an economic-flows event listener failed');
        }
      }
    }
  }

  /** Events recorded in a caller's transaction: a job enqueued in it tells the listeners once it commits (none when nobody listens). */
  async afterCommit(tx: FlowsExecutor, events: readonly RecordedEvent[]): Promise<void> {
    if (this.listeners.size === 0 || events.length === 0) return;
    await this.services.jobs.enqueue(`economic-flows.${EVENT_RECORDED_JOB}`, { eventIds: events.map((done) => done.event.id) }, { tx });
  }

  /** The job's side: reads the committed events back and tells the listeners. */
  async recordedById(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const db = this.services.db;
    const events = await db.selectFrom('economic_flows_events').selectAll().where('id', 'in', eventIds).orderBy('seq').execute();
    const recorded: RecordedEvent[] = [];
    for (const event of events) recorded.push(await this.reread(event));
    await this.recorded(recorded);
  }

  private async reread(event: EventRow): Promise<RecordedEvent> {
    const db = this.services.db;
    const agents = await db.selectFrom('economic_flows_agents').selectAll().where('id', 'in', [event.provider, event.receiver]).execute();
    const resourceId = event.resource_inventoried_as ?? event.to_resource_inventoried_as;
    const resource = resourceId ? ((await db.selectFrom('economic_flows_resources').selectAll().where('id', '=', resourceId).executeTakeFirst()) ?? null) : null;
    const provider = agents.find((agent) => agent.id === event.provider);
    const receiver = agents.find((agent) => agent.id === event.receiver);
    if (!provider || !receiver) throw new Error(`economic event ${event.id}: its agents are gone`);
    return { event: { ...event, seq: Number(event.seq) }, resource, provider, receiver };
  }
}
