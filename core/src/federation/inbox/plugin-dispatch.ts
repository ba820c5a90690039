import type { ActivityPubObject, BatchableInboxVerb, FederationObjectHandler, Services } from '@commonplace/sdk/internal';
import { isDroppedActivity } from '@commonplace/sdk/internal';
import { asArray } from '../documents/activitypub-values.js';
import type { ActivityPubDocument } from '../documents/parse-activitypub.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';
import type { WriteTogether } from './commit-batcher.js';
import { handlersOfAddressedGroup, type GroupPostRouting } from './group-posts.js';
import { accepted } from './inbox-outcome.js';
import { nothingToDo, type Apply, type PluginWrite } from './inbox-plan.js';
import { handlersFor, type HandlerVerb } from './object-handlers.js';
import { servicesInTransaction } from '../services-in-transaction.js';

const BATCHABLE: ReadonlySet<string> = new Set<BatchableInboxVerb>(['Create', 'Update', 'Delete', 'Like', 'Announce', 'Undo']);

export interface PluginDispatchDeps {
  db: FederationDb;
  objectHandlers: readonly FederationObjectHandler[];
  services: () => Services | undefined;
  isLocal(uri: string): boolean;
  blockedEitherWay(a: string, b: string): Promise<boolean>;
  maxCandidates: number;
  maxGroups: number;
}

/**
 * Plugin dispatch: which object handlers get an activity (fan-out, `object-handlers.ts`; posts into
 * our Groups, `group-posts.ts`), and the work that calls their `on[verb]` (or `onMany`) in the inbox's
 * transaction.
 */
export class PluginDispatch {
  private readonly groupPosts: GroupPostRouting;

  constructor(private readonly deps: PluginDispatchDeps) {
    this.groupPosts = {
      db: deps.db,
      blockedEitherWay: deps.blockedEitherWay,
      objectHandlers: deps.objectHandlers,
      services: () => deps.services(),
      isLocal: deps.isLocal,
      maxCandidates: deps.maxCandidates,
      maxGroups: deps.maxGroups,
    };
  }

  /** The handlers' services with `db` being the inbox's transaction (their own services rebuilt on it, for a plugin's view). */
  servicesIn(tx: Parameters<typeof servicesInTransaction>[1]): Services | undefined {
    const services = this.deps.services();
    return services ? servicesInTransaction(services, tx) : undefined;
  }

  /**
   * A Create or Update: every handler that claims the object by type and `matches`, and the one whose
   * Group it is posted to (`group-posts.ts`: a Mastodon user mentioning a community), each once.
   */
  async planPost(activity: ActivityPubDocument, sender: ActorRow, verb: 'Create' | 'Update', object: ActivityPubObject): Promise<Apply | null> {
    const claiming = handlersFor(this.deps.objectHandlers, object, verb, this.deps.isLocal);
    const posted = await handlersOfAddressedGroup(this.groupPosts, sender.id, activity, object, verb);
    const handlers = [...claiming, ...posted.filter((handler) => !claiming.includes(handler))];
    return this.plan(activity, verb, object, object, handlers);
  }

  /**
   * The work that gives `object` to the handlers of `verb` (by default those `routeBy` reaches): each
   * handler's `on[verb]` in boot order; dropped when every one of them dropped it.
   */
  plan(
    activity: ActivityPubDocument,
    verb: HandlerVerb,
    object: ActivityPubObject,
    routeBy: ActivityPubObject = object,
    handlers: readonly FederationObjectHandler[] = handlersFor(this.deps.objectHandlers, routeBy, verb, this.deps.isLocal),
  ): Apply {
    const label = asArray(routeBy.type).join(',') || routeBy.id || 'object';
    if (handlers.length === 0) return nothingToDo(`${verb} of ${label}: no plugin handles it; ignored`);
    const done = `${verb} of ${label} handled by ${handlers.length} plugin handler(s)`;
    const apply: Apply = async (_tx, services) => {
      if (!services) throw new Error('object handlers need the instance services');
      const drops: string[] = [];
      for (const handler of handlers) {
        const result = await handler.on![verb]!(activity.raw as ActivityPubObject, object, services);
        if (isDroppedActivity(result)) drops.push(result.reason);
      }
      return drops.length === handlers.length ? { dropped: `${verb} of ${label} dropped by the plugin: ${drops.join('; ')}` } : done;
    };
    const only = handlers.length === 1 ? handlers[0]! : undefined;
    if (only && BATCHABLE.has(verb) && typeof only.onMany?.[verb as BatchableInboxVerb] === 'function') {
      apply.batchable = { handler: only, verb, entry: { activity: activity.raw as ActivityPubObject, object }, done };
    }
    return apply;
  }

  /** Lets the commit batcher hand this activity, with its neighbours for the same handler and verb, to one `onMany` call. */
  together(pluginWrite: PluginWrite): WriteTogether<PluginWrite> {
    return {
      key: `${this.deps.objectHandlers.indexOf(pluginWrite.handler)}:${pluginWrite.verb}`,
      entry: pluginWrite,
      writeAll: async (tx, writes) => {
        const services = this.servicesIn(tx);
        if (!services) throw new Error('object handlers need the instance services');
        await pluginWrite.handler.onMany![pluginWrite.verb as BatchableInboxVerb]!(
          writes.map((write) => write.entry),
          services,
        );
        return writes.map((write) => accepted(`${write.done} (one call for ${writes.length})`));
      },
    };
  }
}
