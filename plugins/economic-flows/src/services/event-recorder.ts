import { BadUserInputError, CommonplaceError, ForbiddenError, UnauthenticatedError } from '@commonplace/sdk';
import { ACTION_IDS, actionOf, isActionId } from '../actions/table.js';
import type { AgentRow, FlowsExecutor } from '../db/tables.js';
import type { EconomicFlowsSettings } from '../settings.js';
import { AgentDirectory } from './agents.js';
import { EventApplication } from './event-application.js';
import { EventAuthority } from './event-authority.js';
import type { EventInput, NewResourceInput } from './event-input.js';
import { BatchWrites } from './event-writes.js';
import type { PreparedEvent, RecordContext, RecordedEvent } from './recorded-event.js';
import { inTransaction } from './transactions.js';
import type { EconomicFlowsServices } from '../services.js';

export type { RecordContext, RecordedEvent } from './recorded-event.js';

const TEXT_FIELDS = ['atLocation', 'toLocation', 'state'] as const;
const MAX_TEXT = 2_000;

/**
 * Records economic events: checks each (action, agents, quantities and units, resources, signature),
 * then applies the action's effects from the ValueFlows table to its resources, all in one transaction
 * (event-application.ts). Anything wrong is BAD_USER_INPUT naming the field, before anything is written.
 */
export class EventRecorder {
  private readonly agents: AgentDirectory;
  private readonly authority: EventAuthority;

  constructor(private readonly services: EconomicFlowsServices) {
    this.agents = new AgentDirectory(services);
    this.authority = new EventAuthority(services);
  }

  private get settings(): EconomicFlowsSettings {
    return this.services.config.settings;
  }

  /**
   * Runs the recording in a transaction, then tells the extension point's listeners: now, when the
   * transaction was ours and has committed; through a job enqueued in it, when it is the caller's (an inbox's).
   */
  private async recording<T extends RecordedEvent | RecordedEvent[]>(work: (tx: FlowsExecutor) => Promise<T>): Promise<T> {
    const hooks = this.services.economicFlows;
    const list = (result: T): RecordedEvent[] => (Array.isArray(result) ? result : [result]);
    if (this.services.db.isTransaction) {
      return inTransaction(this.services.db, async (tx) => {
        const result = await work(tx);
        await hooks.afterCommit(tx, list(result));
        return result;
      });
    }
    const result = await inTransaction(this.services.db, work);
    await hooks.recorded(list(result));
    return result;
  }

  private application(): EventApplication {
    return new EventApplication({ authority: this.authority, clock: this.services.clock, publicUrl: this.services.config.publicUrl, settings: this.settings });
  }

  async record(input: EventInput, newResource: NewResourceInput | null, context: RecordContext): Promise<RecordedEvent> {
    const event = await this.prepare(input, newResource, context);
    const application = this.application();
    return this.recording(async (tx) => {
      const recorded = await application.apply({ tx, event, context });
      await context.afterRecord?.(recorded, tx);
      return recorded;
    });
  }

  /**
   * Several local events in one transaction, in order (a later one may use what an earlier one did to a
   * resource): each is checked and its signature verified as `record` does; the first refused one
   * refuses them all, its error naming its index (`events[2]: ...`, extension `index`).
   */
  async recordMany(items: ReadonlyArray<{ input: EventInput; newResource: NewResourceInput | null }>, context: RecordContext): Promise<RecordedEvent[]> {
    const max = this.settings.maxEventsPerBatch;
    if (items.length === 0 || items.length > max) throw new BadUserInputError(`events: give 1 to ${max} events.`, 'events');
    const prepared: PreparedEvent[] = [];
    const parties: PartiesCache = new Map(); // a batch usually repeats its provider and receiver
    for (const [index, item] of items.entries()) prepared.push(await atIndex(index, () => this.prepare(item.input, item.newResource, context, parties)));
    const application = this.application();
    return this.recording(async (tx) => {
      const batch = new BatchWrites();
      const recorded: RecordedEvent[] = [];
      for (const [index, event] of prepared.entries()) recorded.push(await atIndex(index, () => application.apply({ tx, event, context, batch })));
      await batch.flush(tx);
      for (const done of recorded) await context.afterRecord?.(done, tx);
      return recorded;
    });
  }

  /** The canonical (JCS) text a client signs for this event, checked as recording would check it; nothing is written. */
  async signingPayload(input: EventInput, newResource: NewResourceInput | null, recorder: AgentRow): Promise<string> {
    const context: RecordContext = { recorder };
    const event = await this.prepare({ ...input, signature: null, signerPublicKey: null }, newResource, context);
    const application = this.application();
    return inTransaction(this.services.db, (tx) => application.payload({ tx, event, context }));
  }

  /** What is checked before the transaction: the action, the texts, the agents (one query) and who may record. */
  private async prepare(input: EventInput, newResource: NewResourceInput | null, context: RecordContext, parties?: PartiesCache): Promise<PreparedEvent> {
    if (!isActionId(input.action)) {
      throw new BadUserInputError(`action: unknown action "${input.action}"; it is one of ${ACTION_IDS.join(', ')}.`, 'action');
    }
    const action = actionOf(input.action);
    this.checkTexts(input, newResource);
    // Agents first, outside the transaction: an unknown remote receiver is fetched from its instance.
    const key = `${input.provider}\n${input.receiver}`;
    const known = parties?.get(key);
    const [provider, receiver] = known ?? (await this.agents.resolvePair({ ref: input.provider, field: 'provider' }, { ref: input.receiver, field: 'receiver' }));
    if (!known && !context.remote) await this.authorise(context.recorder, provider);
    parties?.set(key, [provider, receiver]);
    return { action, input, newResource, provider, receiver };
  }

  private async authorise(recorder: AgentRow | null, provider: AgentRow): Promise<void> {
    if (!recorder) throw new UnauthenticatedError();
    if (provider.origin !== null) {
      throw new BadUserInputError(`provider ${provider.uri} lives on another instance: its own instance records its events, and they federate here.`, 'provider');
    }
    // The provider states what it gave: the receiver alone records nothing (and the server signs with an
    // organisation's held key only for its owners and members).
    if (!(await this.agents.canActFor(recorder.id, provider.id))) {
      throw new ForbiddenError(`You do not act for the provider (${provider.name}): only the provider, or an owner or member of it, records its events.`);
    }
  }

  private checkTexts(input: EventInput, newResource: NewResourceInput | null): void {
    for (const field of TEXT_FIELDS) {
      const value = input[field];
      if (value !== undefined && value !== null && value.length > MAX_TEXT) throw new BadUserInputError(`${field} has at most ${MAX_TEXT} characters.`, field);
    }
    const maxNote = this.settings.maxNoteLength;
    if (input.note && input.note.length > maxNote) throw new BadUserInputError(`note has at most ${maxNote} characters.`, 'note');
    for (const [field, value] of Object.entries(newResource ?? {})) {
      if (typeof value === 'string' && value.length > maxNote) throw new BadUserInputError(`newInventoriedResource.${field} is too long.`, 'newInventoriedResource');
    }
  }
}

/** Provider and receiver already resolved (and the recorder authorised for them) in this batch, by their references. */
type PartiesCache = Map<string, [AgentRow, AgentRow]>;

/** Runs one event of a batch; a refusal names the event's index. */
async function atIndex<T>(index: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CommonplaceError) throw new CommonplaceError(error.code, `events[${index}]: ${error.message}`, { ...error.extensions, index });
    throw error;
  }
}
