import type { ActivityPubObject, FederationObjectHandler, InboxVerb, PluginDefinition } from '@commonplace/sdk/internal';
import { asArray } from '../documents/activitypub-values.js';

/** A verb a handler may have in `on`: core's (`InboxVerb`) or one its plugin declared (`federation.verbs`). */
export type HandlerVerb = InboxVerb | (string & {});

/** Types that say nothing about which plugin owns an object: a bare id, or what is left of a deleted one. */
const UNTYPED = new Set(['Tombstone', 'Object']);

// A bare id is offered to every handler of the verb; this caps how many run for one activity.
export const MAX_HANDLERS_PER_ACTIVITY = 16;

/** Which plugin each handler came from (set by objectHandlersOf), so it gets that plugin's view of the services. */
const pluginOfHandler = new WeakMap<FederationObjectHandler, string>();

/** The id of the plugin that declared `handler`, when it came through objectHandlersOf. */
export function pluginIdOfHandler(handler: FederationObjectHandler): string | undefined {
  return pluginOfHandler.get(handler);
}

type PluginEntryLike = { plugin: PluginDefinition<any> } | PluginDefinition<any>;

/**
 * The object handlers of the enabled plugins, in boot order. Throws when two plugins' handlers share an
 * ActivityStreams type and one of them does not say which objects it wants (`matches`): with fan-out,
 * a handler without it would take every object of the type, which its author must say on purpose.
 */
export function objectHandlersOf(plugins: ReadonlyArray<PluginEntryLike>): FederationObjectHandler[] {
  const handlers: FederationObjectHandler[] = [];
  for (const entry of plugins) {
    const plugin = 'plugin' in entry ? entry.plugin : entry;
    for (const handler of plugin.federation?.objects ?? []) {
      if (!pluginOfHandler.has(handler)) pluginOfHandler.set(handler, plugin.id);
      handlers.push(handler);
    }
  }
  checkSharedTypes(handlers);
  return handlers;
}

function checkSharedTypes(handlers: readonly FederationObjectHandler[]): void {
  const byType = new Map<string, FederationObjectHandler[]>();
  for (const handler of handlers) for (const type of handler.types) byType.set(type, [...(byType.get(type) ?? []), handler]);
  for (const [type, sharing] of byType) {
    const plugins = new Set(sharing.map((handler) => pluginOfHandler.get(handler) ?? '?'));
    if (plugins.size < 2) continue;
    const unsaid = sharing.find((handler) => typeof handler.matches !== 'function');
    if (unsaid) {
      throw new Error(
        `plugins ${[...plugins].join(', ')} all handle "${type}" objects: each handler of a shared type must say which it wants with \`matches\` ` +
          `(the one of "${pluginOfHandler.get(unsaid) ?? '?'}" does not; \`matches: () => true\` takes them all)`,
      );
    }
  }
}

/**
 * The handlers whose dispatch path serves `id`'s URL: the storage owners of one of our objects. A
 * Fastify pattern (`/notes/:id`) matches a path of the same shape.
 */
export function ownersOf(handlers: readonly FederationObjectHandler[], id: string, isLocal: (uri: string) => boolean): FederationObjectHandler[] {
  if (!isLocal(id)) return [];
  let path: string;
  try {
    path = new URL(id).pathname;
  } catch {
    return [];
  }
  return handlers.filter((handler) => handler.dispatch && patternOf(handler.dispatch.path).test(path));
}

const patterns = new Map<string, RegExp>();
function patternOf(path: string): RegExp {
  let pattern = patterns.get(path);
  if (!pattern) {
    const source = path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    pattern = new RegExp(`^${source}/?$`);
    patterns.set(path, pattern);
  }
  return pattern;
}

/**
 * The handlers that get `verb` on `object` (fan-out, docs/decisions.md): one of our objects goes to its
 * storage owner (the handler whose `dispatch` serves its URL) alone; any other typed object to every
 * handler, in boot order, whose types contain its type and whose `matches` says yes, that has the verb.
 * An object known only by its id (or a Tombstone) that no owner serves cannot be told apart, so each
 * handler of the verb gets it and ignores ids it does not hold.
 */
export function handlersFor(
  handlers: readonly FederationObjectHandler[],
  object: ActivityPubObject,
  verb: HandlerVerb,
  isLocal: (uri: string) => boolean = () => false,
): FederationObjectHandler[] {
  const hasVerb = (handler: FederationObjectHandler) => typeof handler.on?.[verb] === 'function';
  if (typeof object.id === 'string') {
    const owners = ownersOf(handlers, object.id, isLocal);
    if (owners.length > 0) return owners.filter(hasVerb);
  }
  const types = asArray(object.type).filter((type): type is string => typeof type === 'string' && !UNTYPED.has(type));
  if (types.length === 0) return handlers.filter(hasVerb).slice(0, MAX_HANDLERS_PER_ACTIVITY);
  return handlers.filter((handler) => hasVerb(handler) && claims(handler, object, types)).slice(0, MAX_HANDLERS_PER_ACTIVITY);
}

function claims(handler: FederationObjectHandler, object: ActivityPubObject, types: readonly string[]): boolean {
  return handler.types.some((type) => types.includes(type)) && safeMatches(handler, object);
}

function safeMatches(handler: FederationObjectHandler, object: ActivityPubObject): boolean {
  if (!handler.matches) return true;
  try {
    return handler.matches(object);
  } catch {
    return false;
  }
}
