import type { ActivityPubObject } from '@commonplace/sdk/internal';
import { hostOf } from '../../documents/host-of.js';
import type { ActivityPubDocument, ObjectReference } from '../../documents/parse-activitypub.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { refuse } from '../inbox-outcome.js';
import type { Apply } from '../inbox-plan.js';
import type { VerbContext, VerbPlanner } from './verb-context.js';

/** Verbs core has no rule of its own for, given to plugin handlers' `on[verb]` by their object. */
export const PLUGIN_VERBS = ['Add', 'Remove', 'EmojiReact', 'QuoteRequest', 'Offer'] as const;

/**
 * The object a plugin handler is given: embedded as sent only when it lives on the sender's host (its
 * origin vouches for it through the signature); anything else as `{ id }`, for the handler to look up
 * what it holds, or a copy anyone could have rewritten would pass as the real thing.
 */
export function objectForPlugins(reference: ObjectReference, sender: ActorRow, context: Pick<VerbContext, 'publicHost'>): ActivityPubObject {
  const embedded = reference.embedded;
  const id = reference.id ?? embedded?.id ?? null;
  if (embedded && id && hostOf(id) === hostOf(sender.uri) && hostOf(id) !== context.publicHost) return embedded.raw as ActivityPubObject;
  if (!id) throw refuse(400, 'the object has no id');
  return { id };
}

/** A planner that gives the activity's object to the handlers of `verb` (the activity's type). */
export function pluginVerb(verb: string): VerbPlanner {
  return async (activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> => {
    if (!activity.object) throw refuse(400, `${verb} without an object`);
    return context.plugins.plan(activity, verb, objectForPlugins(activity.object, sender, context));
  };
}
