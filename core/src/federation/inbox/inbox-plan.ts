import type { FederationObjectHandler, InboxEntry, Services } from '@commonplace/sdk/internal';
import type { FederationExecutor } from '../remote-actors/tables.js';
import type { HandlerVerb } from './object-handlers.js';

/**
 * What the work did: a line for the log, or, when every plugin handler given the activity dropped it
 * (`dropActivity`), why; a dropped activity is not relayed by a local group.
 */
export type Applied = string | { dropped: string };

/** Work to do inside the transaction, after every network lookup is done. */
export type Apply = ((tx: FederationExecutor, services: Services | undefined) => Promise<Applied>) & {
  /** Set when the work is one plugin handler's, which has an `onMany` for its verb. */
  batchable?: PluginWrite;
};

/** One activity for a plugin handler that can take many at once (its `onMany[verb]`). */
export interface PluginWrite {
  handler: FederationObjectHandler;
  verb: HandlerVerb;
  entry: InboxEntry;
  done: string;
}

/** Work that only logs a line: nothing to write. */
export const nothingToDo = (line: string): Apply => async () => line;
