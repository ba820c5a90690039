import type { ActorReplies, FederationObjectHandler, ObjectReplies, PluginDefinition, SearchDocumentType } from '@commonplace/sdk';
import type { PluginViews } from './plugin-view.js';
import type { EnabledPlugin } from './resolve-plugins.js';

type Adapt = (services: unknown) => unknown;

/**
 * The plugins as core's federation and search code use them: each federation handler and search
 * document type calls the plugin with its own view, whatever services core passes (its cradle, a
 * request scope's, its services in the inbox's transaction). Only the callbacks' services change;
 * everything else is the plugin's definition as it is.
 */
export function withPluginViews(plugins: readonly EnabledPlugin[], views: PluginViews): EnabledPlugin[] {
  return plugins.map(({ plugin, settings }) => {
    const adapt: Adapt = (services) => views.adapt(plugin.id, services);
    const viewed: PluginDefinition<any> = { ...plugin };
    const federation = plugin.federation;
    if (federation) {
      viewed.federation = { ...federation };
      if (federation.objects) viewed.federation.objects = federation.objects.map((handler) => handlerWithView(handler, adapt));
      if (federation.actorFields) viewed.federation.actorFields = (actor, services) => federation.actorFields!(actor, adapt(services));
    }
    if (plugin.search) viewed.search = { ...plugin.search, documents: plugin.search.documents.map((type) => documentTypeWithView(type, adapt)) };
    return { plugin: viewed, settings };
  });
}

function handlerWithView(handler: FederationObjectHandler<any, any>, adapt: Adapt): FederationObjectHandler<any, any> {
  const viewed: FederationObjectHandler<any, any> = { ...handler };
  if (handler.dispatch) {
    const dispatch = handler.dispatch;
    viewed.dispatch = {
      ...dispatch,
      load: (id, services, fetcher) => dispatch.load(id, adapt(services), fetcher),
      ...(dispatch.html ? { html: (row: unknown, services: unknown) => dispatch.html!(row, adapt(services)) } : {}),
    };
  }
  if (handler.toActivityPub) viewed.toActivityPub = (row, services) => handler.toActivityPub!(row, adapt(services));
  if (handler.replies) viewed.replies = repliesWithView(handler.replies, adapt);
  if (handler.groupPosts) {
    // Group routing calls it with the services core holds (its cradle): the plugin gets its own view.
    const groupPosts = handler.groupPosts;
    viewed.groupPosts = { owns: (group, services) => groupPosts.owns(group, adapt(services)) };
  }
  if (handler.actorReplies) {
    const actorReplies: ActorReplies<any, any> = handler.actorReplies;
    viewed.actorReplies = {
      ...repliesWithView(actorReplies, adapt),
      actorTypes: actorReplies.actorTypes,
      load: (actor, services) => actorReplies.load(actor, adapt(services)),
    };
  }
  if (handler.on) {
    const on: NonNullable<FederationObjectHandler<any, any>['on']> = {};
    for (const [verb, handle] of Object.entries(handler.on)) {
      if (handle) on[verb] = (activity, object, services) => handle.call(handler.on, activity, object, adapt(services));
    }
    viewed.on = on;
  }
  if (handler.onMany) {
    viewed.onMany = Object.fromEntries(
      Object.entries(handler.onMany).map(([verb, onMany]) => [verb, onMany && ((entries: never, services: unknown) => onMany.call(handler.onMany, entries, adapt(services)))]),
    );
  }
  return viewed;
}

function repliesWithView<R extends ObjectReplies<any, any>>(replies: R, adapt: Adapt): ObjectReplies<any, any> {
  return {
    count: (row, fetcher, services) => replies.count(row, fetcher, adapt(services)),
    page: (row, query, services) => replies.page(row, query, adapt(services)),
  };
}

function documentTypeWithView(type: SearchDocumentType<any, any>, adapt: Adapt): SearchDocumentType<any, any> {
  return {
    ...type,
    toDocument: (row) => type.toDocument(row),
    rows: (services, page) => type.rows(adapt(services), page),
    load: (ids, services) => type.load(ids, adapt(services)),
    ...(type.publicPreview ? { publicPreview: (object: unknown, services: unknown) => type.publicPreview!(object, adapt(services)) } : {}),
  };
}
