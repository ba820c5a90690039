import type { ActorFields, ActorRecord, Executor, Logger, PluginDefinition } from '@commonplace/sdk/internal';
import type { LocalActor } from './local-actor-directory.js';

/**
 * The fields of a local actor's document that core writes and no plugin may change: identity, keys,
 * inbox, outbox and collections, names, icon and dates. A plugin's value for one is dropped. `featured`
 * is not among them: core names an empty collection, which a plugin with pinned posts may replace.
 */
export const CORE_ACTOR_FIELDS: ReadonlySet<string> = new Set([
  '@context',
  'id',
  'type',
  'preferredUsername',
  'name',
  'summary',
  'icon',
  'url',
  'inbox',
  'outbox',
  'followers',
  'following',
  'replies',
  'endpoints',
  'manuallyApprovesFollowers',
  'discoverable',
  'published',
  'publicKey',
  'assertionMethod',
]);

/** The plugins' fields for a local actor, combined (boot order; a later plugin's value wins among plugins). `tx` when asked inside one. */
export type LocalActorFields = (actor: LocalActor, tx?: Executor) => Promise<Record<string, unknown>>;

/** Core's document with the plugins' fields added; core's own fields are kept as core wrote them. */
export function withPluginFields(document: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const added = Object.fromEntries(Object.entries(fields).filter(([name, value]) => !CORE_ACTOR_FIELDS.has(name) && value !== undefined));
  return { ...document, ...added };
}

/**
 * The enabled plugins' `federation.actorFields`, each called with its own services (`servicesOf`, which
 * binds the plugin's view, to `tx` when given). A plugin that throws adds nothing, with a log line: the
 * actor's document must still be served and its Update still sent.
 */
export function pluginActorFields(
  plugins: readonly { plugin: Pick<PluginDefinition<any>, 'id' | 'federation'> }[],
  servicesOf: (pluginId: string, tx?: Executor) => unknown,
  log: Logger,
): LocalActorFields | undefined {
  const sources = plugins.flatMap(({ plugin }) => {
    const actorFields = plugin.federation?.actorFields as ActorFields<unknown> | undefined;
    return actorFields ? [{ id: plugin.id, actorFields }] : [];
  });
  if (sources.length === 0) return undefined;
  return async (actor, tx) => {
    const record = actorRecordOf(actor);
    const combined: Record<string, unknown> = {};
    for (const { id, actorFields } of sources) {
      try {
        Object.assign(combined, (await actorFields(record, servicesOf(id, tx))) ?? {});
      } catch (error) {
        log.warn({ plugin: id, actor: actor.uri, err: error }, 'a plugin’s actorFields failed; its fields are left out');
      }
    }
    return combined;
  };
}

function actorRecordOf(actor: LocalActor): ActorRecord {
  return {
    id: actor.id,
    type: actor.type,
    username: actor.username,
    domain: null,
    displayName: actor.displayName,
    summary: actor.summary,
    avatarUrl: actor.avatarUrl,
    uri: actor.uri,
    accountId: actor.accountId ?? null,
    createdAt: actor.createdAt,
  };
}
