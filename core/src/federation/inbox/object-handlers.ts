import type { ActivityPubObject, FederationObjectHandler, InboxVerb, PluginDefinition } from '@commonplace/sdk/internal';
import { asArray } from '../documents/activitypub-values.js';

export type HandlerVerb = InboxVerb;
export const HANDLER_VERBS: readonly HandlerVerb[] = ['Create', 'Update', 'Delete', 'Like', 'Announce', 'Undo', 'Flag'];

/** Types that say nothing about which plugin owns an object: a bare id, or what is left of a deleted one. */
const UNTYPED = new Set(['Tombstone', 'Object']);

// A bare id is offered to every handler of the verb; this caps how many run for one activity.
export const MAX_HANDLERS_PER_ACTIVITY = 16;

/** The object handlers of the enabled plugins, in boot order. */
export function objectHandlersOf(plugins: ReadonlyArray<{ plugin: PluginDefinition<any> } | PluginDefinition<any>>): FederationObjectHandler[] {
  return plugins.flatMap((entry) => ('plugin' in entry ? entry.plugin : entry).federation?.objects ?? []);
}

/**
 * The handlers that get `verb` on `object`. A typed object goes to the first handler (boot order) whose
 * types contain its type and whose `matches` says yes: that one alone, whether or not it handles the verb.
 * An object known only by its id (or a Tombstone) cannot be told apart, so each handler of the verb gets
 * it and ignores ids it does not hold.
 */
export function handlersFor(handlers: readonly FederationObjectHandler[], object: ActivityPubObject, verb: HandlerVerb): FederationObjectHandler[] {
  const types = asArray(object.type).filter((type): type is string => typeof type === 'string' && !UNTYPED.has(type));
  if (types.length === 0) {
    return handlers.filter((handler) => typeof handler.on?.[verb] === 'function').slice(0, MAX_HANDLERS_PER_ACTIVITY);
  }
  const owner = handlers.find((handler) => handler.types.some((type) => types.includes(type)) && safeMatches(handler, object));
  return owner && typeof owner.on?.[verb] === 'function' ? [owner] : [];
}

/** True when some handler claims one of the object's types (whatever its verbs). */
export function isClaimed(handlers: readonly FederationObjectHandler[], object: ActivityPubObject): boolean {
  const types = asArray(object.type).filter((type): type is string => typeof type === 'string');
  return handlers.some((handler) => handler.types.some((type) => types.includes(type)) && safeMatches(handler, object));
}

function safeMatches(handler: FederationObjectHandler, object: ActivityPubObject): boolean {
  if (!handler.matches) return true;
  try {
    return handler.matches(object);
  } catch {
    return false;
  }
}
